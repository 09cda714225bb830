/**
 * The composition of contract signing: the loan, its bids, the consents, the borrower's profile, the
 * PDF renderer (pdf-lib is evaluated when a PDF is first rendered, not at init: cold
 * start), the document store and the e-signature service.
 */
import { renderLoanAgreement as render, signLoanAgreement as sign, type ContractSigningPorts } from '../application/contract-signing';
import type { LoanRecord } from '../core/loan-lifecycle';
import type { LoanAgreement } from '../core/loan-agreement';
import { findBorrowerConsent, findLoanContract, recordLoanContract } from '../adapters/dynamodb/loan-contract-repository';
import { getLoan } from '../adapters/dynamodb/loan-repository';
import { bidsOfLoan } from '../adapters/dynamodb/listing-repository';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import { documentStore } from '../adapters/documents/document-store';
import { eSignature } from '../adapters/documents/e-signature';
import { policy } from '../settings/settings';

export const contractSigning: ContractSigningPorts = {
  contracts: { findLoanContract, recordLoanContract },
  consents: { findBorrowerConsent },
  loans: { getLoan },
  bids: { bidsOfLoan },
  profiles: { find: findUserProfile },
  renderer: { renderAgreementPdf: async (agreement: LoanAgreement) => (await import('../adapters/documents/contract-pdf')).renderAgreementPdf(agreement) },
  documents: documentStore,
  signer: eSignature,
  policy,
};

export const signLoanAgreement = (loanId: string, at: Date) => sign(contractSigning, loanId, at);
export const renderLoanAgreement = (loan: LoanRecord) => render(contractSigning, loan);
