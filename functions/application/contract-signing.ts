/**
 * Loan contracts (合同管理): the SignContract workflow task, after MarkFunded. Builds the
 * agreement and its PDF, stores it once at contracts/{loanId}/loan-contract-v1.pdf,
 * signs its SHA-256 for every party and records the contract once. Safe to run twice: a
 * recorded contract is returned as it is; the PDF is deterministic, so a step that died
 * after storing it stores the same bytes. Reading and verifying a recorded contract:
 * adapters/dynamodb/loan-contract-repository.ts.
 */
import { sha256Hex } from '../core/disclosure-export';
import { DomainError } from '../core/errors';
import type { BidRecord } from '../core/bidding';
import { maskedNameOf } from '../core/identity-claim';
import { agreementDocumentKey, agreementVersion, buildLoanAgreement, contractContentType, signingParties, type AgreementBid, type LoanAgreement, type LoanContractRecord, type SignatureRecord, type SigningParty } from '../core/loan-agreement';
import type { LoanRecord } from '../core/loan-lifecycle';
import type { Ratio } from '../core/rational';
import type { AnnualRate } from '../core/rate';
import type { UserProfile } from '../core/users';
import type { DocumentStore } from './ports/origination-documents';

export interface ContractSigningPorts {
  readonly contracts: {
    findLoanContract(loanId: string): Promise<LoanContractRecord | undefined>;
    /** Records the contract once; a concurrent run's record when it won. */
    recordLoanContract(record: LoanContractRecord): Promise<LoanContractRecord>;
  };
  readonly loans: { getLoan(loanId: string): Promise<LoanRecord> };
  readonly bids: { bidsOfLoan(loanId: string): AsyncIterable<readonly Pick<BidRecord, 'investorId' | 'amountFen' | 'createdAt' | 'status'>[]> };
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  readonly renderer: { renderAgreementPdf(agreement: LoanAgreement): Promise<Uint8Array> };
  readonly documents: () => Pick<DocumentStore, 'putOnce'>;
  readonly signer: () => Promise<{ sign(sha256: string, parties: readonly SigningParty[], at: Date): Promise<SignatureRecord[]> }>;
  readonly policy: {
    borrowerServiceFeeRate(): Ratio;
    investorManagementFeeRate(): Ratio;
    penaltyRate(): Ratio;
    loanPrimeRate(): AnnualRate;
    lprMultiple(): number;
    platformLegalName(): string;
  };
}

async function liveBids(ports: ContractSigningPorts, loanId: string): Promise<Array<AgreementBid & { createdAt: string }>> {
  const bids: Array<AgreementBid & { createdAt: string }> = [];
  for await (const page of ports.bids.bidsOfLoan(loanId)) {
    for (const bid of page) if (bid.status !== 'VOIDED') bids.push({ investorId: bid.investorId, amountFen: bid.amountFen, createdAt: bid.createdAt });
  }
  return bids;
}

const contractedStatuses: ReadonlySet<string> = new Set(['FUNDED', 'DISBURSED', 'REPAYING', 'DISBURSEMENT_FAILED', 'SETTLED', 'DEFAULTED', 'WRITTEN_OFF']);

/** The agreement's PDF, built from the loan as it was funded: the same bytes every time. */
export async function renderLoanAgreement(ports: ContractSigningPorts, loan: LoanRecord): Promise<{ pdf: Uint8Array; generatedAt: string; parties: SigningParty[] }> {
  if (!contractedStatuses.has(loan.status)) throw new DomainError('conflict', `loan ${loan.loanId} is ${loan.status}: only a funded loan has a contract`);
  // Not contractable (nothing retrying can change): RangeError, as the core throws for inputs outside its domain.
  if (!loan.annualRate || !loan.method) throw new RangeError(`loan ${loan.loanId} has no repayment terms`);
  const bids = await liveBids(ports, loan.loanId);
  // Funded when the last live bid arrived (the filling bid): bids never change their createdAt.
  const fundedAt = bids.reduce((latest, bid) => (bid.createdAt > latest ? bid.createdAt : latest), '');
  if (fundedAt === '') throw new RangeError(`loan ${loan.loanId} has no live bids`);
  const borrower = await ports.profiles.find(loan.borrowerId);
  const verification = borrower?.verification?.status === 'VERIFIED' ? borrower.verification : undefined;
  const { policy } = ports;
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
    fundedAt,
    terms: {
      serviceFeeRate: policy.borrowerServiceFeeRate(),
      managementFeeRate: policy.investorManagementFeeRate(),
      penaltyRate: policy.penaltyRate(),
      loanPrimeRate: policy.loanPrimeRate(),
      lprMultiple: policy.lprMultiple(),
      platformName: policy.platformLegalName(),
    },
  });
  return { pdf: await ports.renderer.renderAgreementPdf(agreement), generatedAt: agreement.generatedAt, parties: signingParties(agreement) };
}

export async function signLoanAgreement(ports: ContractSigningPorts, loanId: string, at: Date): Promise<LoanContractRecord> {
  const recorded = await ports.contracts.findLoanContract(loanId);
  if (recorded) return recorded;
  const loan = await ports.loans.getLoan(loanId);
  const { pdf, generatedAt, parties } = await renderLoanAgreement(ports, loan);
  const documentKey = agreementDocumentKey(loanId);
  const sha256 = sha256Hex(pdf);
  await ports.documents().putOnce(documentKey, pdf, contractContentType);
  const signatures = await (await ports.signer()).sign(sha256, parties, at);
  return ports.contracts.recordLoanContract({ loanId, documentKey, sha256, byteLength: pdf.byteLength, signatures, generatedAt, signedAt: at.toISOString(), version: agreementVersion });
}
