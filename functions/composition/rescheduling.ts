/**
 * The composition of rescheduling (application/rescheduling.ts): the requests, loans,
 * installments and holdings in the table, the investors' stakes, the supplementary
 * agreement's renderer (pdf-lib is evaluated when a PDF is first rendered, not at init),
 * the document store and the e-signature service.
 */
import type { ReschedulingPorts } from '../application/rescheduling';
import type { SupplementaryAgreement } from '../core/supplementary-agreement';
import * as requests from '../adapters/dynamodb/reschedule-repository';
import { installmentsOf } from '../adapters/dynamodb/installment-repository';
import { bidsOfLoan } from '../adapters/dynamodb/listing-repository';
import { findLoan, getLoan } from '../adapters/dynamodb/loan-repository';
import { ensureHolding } from '../adapters/dynamodb/servicing-repository';
import { settledPartsOf } from '../adapters/dynamodb/transfer-repository';
import { documentStore } from '../adapters/documents/document-store';
import { eSignature } from '../adapters/documents/e-signature';
import { policy } from '../settings/settings';

export const rescheduling: ReschedulingPorts = {
  requests,
  loans: { findLoan, getLoan },
  installments: { installmentsOf },
  servicing: { ensureHolding },
  listings: { bidsOfLoan },
  transfers: { settledPartsOf },
  renderer: {
    renderSupplementaryAgreementPdf: async (agreement: SupplementaryAgreement) => (await import('../adapters/documents/supplementary-agreement-pdf')).renderSupplementaryAgreementPdf(agreement),
  },
  documents: documentStore,
  signer: eSignature,
  policy,
};
