/**
 * Loan contracts (合同管理) over the ports: the loan and its bids (DynamoDB), the
 * borrower's masked disclosure, the PDF renderer, the document store and the
 * e-signature service.
 *
 * - signLoanAgreement (the SignContract workflow task, after MarkFunded): builds the
 *   agreement and its PDF, stores it once at contracts/{loanId}/loan-contract-v1.pdf,
 *   signs its SHA-256 for every party and records LOAN#{loanId} / CONTRACT with a
 *   conditional put. Safe to run twice: a recorded contract is returned as it is; the
 *   PDF is deterministic, so a step that died after storing it stores the same bytes.
 * Reading and verifying a recorded contract: ./loan-contract-repository.ts (no PDF
 * renderer in those routes' bundles).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../core/errors';
import { agreementDocumentKey, agreementVersion, buildLoanAgreement, signingParties, type AgreementBid } from '../core/loan-agreement';
import { config } from '../settings/settings';
import { documents, isConditionFailure } from '../adapters/dynamodb/client';
import { documentStore } from '../adapters/documents/document-store';
import { eSignature } from '../adapters/documents/e-signature';
import { contractContentType, contractKey, findLoanContract, sha256Hex, type LoanContractRecord } from '../adapters/dynamodb/loan-contract-repository';
import { policy } from '../settings/settings';
import { bidsOfLoan } from '../adapters/dynamodb/listing-repository';
import { getLoan, type LoanRecord } from '../adapters/dynamodb/loan-repository';
import { findUserProfile } from '../adapters/dynamodb/user-repository';

const platformName = (): string => policy.platformLegalName();

async function liveBids(loanId: string): Promise<Array<AgreementBid & { createdAt: string }>> {
  const bids: Array<AgreementBid & { createdAt: string }> = [];
  for await (const page of bidsOfLoan(loanId)) {
    for (const bid of page) if (bid.status !== 'VOIDED') bids.push({ investorId: bid.investorId, amountFen: bid.amountFen, createdAt: bid.createdAt });
  }
  return bids;
}

const contractedStatuses: ReadonlySet<string> = new Set(['FUNDED', 'DISBURSED', 'REPAYING', 'DISBURSEMENT_FAILED', 'SETTLED', 'DEFAULTED', 'WRITTEN_OFF']);

/** The agreement's PDF, built from the loan as it was funded: the same bytes every time. */
export async function renderLoanAgreement(loan: LoanRecord): Promise<{ pdf: Uint8Array; generatedAt: string; parties: ReturnType<typeof signingParties> }> {
  if (!contractedStatuses.has(loan.status)) throw new DomainError('conflict', `loan ${loan.loanId} is ${loan.status}: only a funded loan has a contract`);
  // Not contractable (nothing retrying can change): RangeError, as the core throws for inputs outside its domain.
  if (!loan.annualRate || !loan.method) throw new RangeError(`loan ${loan.loanId} has no repayment terms`);
  const bids = await liveBids(loan.loanId);
  // Funded when the last live bid arrived (the filling bid): bids never change their createdAt.
  const fundedAt = bids.reduce((latest, bid) => (bid.createdAt > latest ? bid.createdAt : latest), '');
  if (fundedAt === '') throw new RangeError(`loan ${loan.loanId} has no live bids`);
  const borrower = await findUserProfile(loan.borrowerId);
  const verification = borrower?.verification?.status === 'VERIFIED' ? borrower.verification : undefined;
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
      maskedName: verification?.masked.realName ?? verification?.masked.companyName ?? verification?.masked.name,
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
      platformName: platformName(),
    },
  });
  // pdf-lib (most of the task's bundle) is evaluated when a PDF is first rendered, not at init (cold start).
  const { renderAgreementPdf } = await import('../adapters/documents/contract-pdf');
  return { pdf: await renderAgreementPdf(agreement), generatedAt: agreement.generatedAt, parties: signingParties(agreement) };
}

export async function signLoanAgreement(loanId: string, at: Date): Promise<LoanContractRecord> {
  const recorded = await findLoanContract(loanId);
  if (recorded) return recorded;
  const loan = await getLoan(loanId);
  const { pdf, generatedAt, parties } = await renderLoanAgreement(loan);
  const documentKey = agreementDocumentKey(loanId);
  const sha256 = sha256Hex(pdf);
  await documentStore().putOnce(documentKey, pdf, contractContentType);
  const signatures = await (await eSignature()).sign(sha256, parties, at);
  const record: LoanContractRecord = {
    loanId,
    documentKey,
    sha256,
    byteLength: pdf.byteLength,
    signatures,
    generatedAt,
    signedAt: at.toISOString(),
    version: agreementVersion,
  };
  try {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...contractKey(loanId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return record;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // A concurrent run recorded it first: that record is the contract.
    const winner = await findLoanContract(loanId);
    if (!winner) throw error;
    return winner;
  }
}
