/**
 * Loan contracts (合同管理): the SignContract workflow task, after MarkFunded. Builds the
 * agreement and its PDF (Chinese, with each party's consent record), stores it once at
 * contracts/{loanId}/loan-contract-v2.pdf, signs its SHA-256 for every party and records
 * the contract once.
 *
 * Consent first (contract-consent.ts): the borrower's recorded acceptance and, for each
 * investor, a live bid that accepted the same terms' hash. A party without one is not signed
 * for: ConsentMissingError, nothing stored or signed; the workflow does not retry it and the
 * loan goes to DISBURSEMENT_FAILED with that error as its failure (nothing moved; operators
 * decide, as for any failed disbursement). Safe to run twice: a
 * recorded contract is returned as it is; the PDF is deterministic, so a step that died
 * after storing it stores the same bytes. Reading and verifying a recorded contract:
 * adapters/dynamodb/loan-contract-repository.ts.
 */
import { sha256Hex } from '../core/disclosure-export';
import { DomainError } from '../core/errors';
import type { BidRecord } from '../core/bidding';
import { maskedNameOf } from '../core/identity-claim';
import { agreementDocumentKey, agreementVersion, assertConsented, buildLoanAgreement, contractContentType, signingParties, type AgreementBid, type LoanAgreement, type LoanContractRecord, type PartyConsent, type SignatureRecord, type SigningParty } from '../core/loan-agreement';
import type { LoanRecord } from '../core/loan-lifecycle';
import type { UserProfile } from '../core/users';
import { agreementTermsOf, type AgreementPolicy } from './contract-consent';
import type { DocumentStore } from './ports/origination-documents';

/** Signs a document's digest for each party with their consent to `termsHash` (adapters/documents/e-signature.ts). */
export interface Signer {
  sign(sha256: string, parties: readonly SigningParty[], at: Date, termsHash: string): Promise<SignatureRecord[]>;
}

export interface ContractSigningPorts {
  readonly contracts: {
    findLoanContract(loanId: string): Promise<LoanContractRecord | undefined>;
    /** Records the contract once; a concurrent run's record when it won. */
    recordLoanContract(record: LoanContractRecord): Promise<LoanContractRecord>;
  };
  readonly loans: { getLoan(loanId: string): Promise<LoanRecord> };
  readonly bids: { bidsOfLoan(loanId: string): AsyncIterable<readonly Pick<BidRecord, 'investorId' | 'amountFen' | 'createdAt' | 'status' | 'consent'>[]> };
  readonly consents: { findBorrowerConsent(loanId: string): Promise<PartyConsent | undefined> };
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  readonly renderer: { renderAgreementPdf(agreement: LoanAgreement): Promise<Uint8Array> };
  readonly documents: () => Pick<DocumentStore, 'putOnce'>;
  readonly signer: () => Promise<Signer>;
  readonly policy: AgreementPolicy;
}

type LiveBid = AgreementBid & { readonly createdAt: string; readonly consent?: PartyConsent | undefined };

async function liveBids(ports: ContractSigningPorts, loanId: string): Promise<LiveBid[]> {
  const bids: LiveBid[] = [];
  for await (const page of ports.bids.bidsOfLoan(loanId)) {
    for (const bid of page) if (bid.status !== 'VOIDED') bids.push({ investorId: bid.investorId, amountFen: bid.amountFen, createdAt: bid.createdAt, consent: bid.consent });
  }
  return bids;
}

/** Each investor's first acceptance among their live bids (the earliest bid's record; ties by the bid's time). */
function investorConsents(bids: readonly LiveBid[]): Map<string, PartyConsent> {
  const consents = new Map<string, PartyConsent>();
  for (const bid of [...bids].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))) {
    if (bid.consent && !consents.has(bid.investorId)) consents.set(bid.investorId, bid.consent);
  }
  return consents;
}

const contractedStatuses: ReadonlySet<string> = new Set(['FUNDED', 'DISBURSED', 'REPAYING', 'DISBURSEMENT_FAILED', 'SETTLED', 'DEFAULTED', 'WRITTEN_OFF']);

/** The agreement's PDF, built from the loan as it was funded: the same bytes every time. */
export async function renderLoanAgreement(ports: ContractSigningPorts, loan: LoanRecord): Promise<{ pdf: Uint8Array; generatedAt: string; termsHash: string; parties: SigningParty[] }> {
  if (!contractedStatuses.has(loan.status)) throw new DomainError('conflict', `loan ${loan.loanId} is ${loan.status}: only a funded loan has a contract`);
  // Not contractable (nothing retrying can change): RangeError, as the core throws for inputs outside its domain.
  if (!loan.annualRate || !loan.method) throw new RangeError(`loan ${loan.loanId} has no repayment terms`);
  const bids = await liveBids(ports, loan.loanId);
  // Funded when the last live bid arrived (the filling bid): bids never change their createdAt.
  const fundedAt = bids.reduce((latest, bid) => (bid.createdAt > latest ? bid.createdAt : latest), '');
  if (fundedAt === '') throw new RangeError(`loan ${loan.loanId} has no live bids`);
  const borrower = await ports.profiles.find(loan.borrowerId);
  const verification = borrower?.verification?.status === 'VERIFIED' ? borrower.verification : undefined;
  const borrowerConsent = await ports.consents.findBorrowerConsent(loan.loanId);
  const agreement = buildLoanAgreement({
    loan: {
      loanId: loan.loanId,
      amountFen: loan.amountFen,
      termMonths: loan.termMonths,
      annualRate: loan.annualRate,
      method: loan.method,
      purpose: (loan as LoanRecord & { purpose?: string }).purpose,
      grade: loan.grade,
    },
    borrower: {
      userId: loan.borrowerId,
      kind: verification?.kind,
      maskedName: verification && maskedNameOf(verification.masked),
      maskedIdentity: verification?.masked.idNumber ?? verification?.masked.creditCode,
    },
    bids,
    consents: { borrower: borrowerConsent, investors: investorConsents(bids) },
    fundedAt,
    terms: agreementTermsOf(ports.policy),
  });
  const parties = signingParties(agreement);
  // Consent first: no document is stored for a loan whose parties have not all accepted these terms.
  assertConsented(parties, agreement.termsHash);
  return { pdf: await ports.renderer.renderAgreementPdf(agreement), generatedAt: agreement.generatedAt, termsHash: agreement.termsHash, parties };
}

export async function signLoanAgreement(ports: ContractSigningPorts, loanId: string, at: Date): Promise<LoanContractRecord> {
  const recorded = await ports.contracts.findLoanContract(loanId);
  if (recorded) return recorded;
  const loan = await ports.loans.getLoan(loanId);
  const { pdf, generatedAt, termsHash, parties } = await renderLoanAgreement(ports, loan);
  const documentKey = agreementDocumentKey(loanId);
  const sha256 = sha256Hex(pdf);
  await ports.documents().putOnce(documentKey, pdf, contractContentType);
  const signatures = await (await ports.signer()).sign(sha256, parties, at, termsHash);
  return ports.contracts.recordLoanContract({ loanId, documentKey, sha256, byteLength: pdf.byteLength, signatures, generatedAt, signedAt: at.toISOString(), version: agreementVersion, termsHash });
}
