/**
 * The composition of transfer agreements (债权转让协议): the transfer records, the recorded
 * agreements, the PDF renderer (pdf-lib is evaluated when an agreement is first rendered), the
 * document store and the e-signature service. Used by the custody callback that settles a transfer.
 */
import { signTransferAgreement as sign, type TransferAgreementPorts } from '../application/transfer-agreements';
import type { TransferAgreement } from '../core/transfer-agreement';
import { findTransferAgreement, recordTransferAgreement } from '../adapters/dynamodb/loan-contract-repository';
import { findOffer, findPurchase } from '../adapters/dynamodb/transfer-repository';
import { documentStore } from '../adapters/documents/document-store';
import { eSignature } from '../adapters/documents/e-signature';
import { policy } from '../settings/settings';

export const transferAgreements: TransferAgreementPorts = {
  transfers: { findOffer, findPurchase },
  agreements: { findTransferAgreement, recordTransferAgreement },
  renderer: { renderTransferAgreementPdf: async (agreement: TransferAgreement) => (await import('../adapters/documents/transfer-agreement-pdf')).renderTransferAgreementPdf(agreement) },
  documents: documentStore,
  signer: eSignature,
  policy,
};

export const signTransferAgreement = (purchaseId: string, at: Date) => sign(transferAgreements, purchaseId, at);
