/**
 * Consent to the loan agreement (同意借款合同条款): the parties accept the agreement's terms
 * before anything is signed on their behalf (functions/application/contract-signing.ts).
 *
 * - The terms a party accepts are named by their hash (core/loan-agreement agreementTermsHash):
 *   the loan's amount, term, rate and method, the platform's fee rates, the penalty within the
 *   legal cap and the template's version. `GET /v1/loans/{loanId}/contract/terms` shows them.
 * - The borrower accepts through `POST /v1/loans/{loanId}/contract/consent` from the application
 *   until the loan is funded (APPLIED, IN_REVIEW or LISTED), recorded once with the time, the
 *   request id and the hash; a repeated acceptance returns the first record.
 * - An investor accepts with each bid: the bid records the current terms' hash (the request may
 *   name the hash it accepted: a different one is a 409 and nothing is frozen). An auto-bid
 *   plan is the investor's standing acceptance: its bids record the plan's id.
 */
import { DomainError, NotFoundError } from '../core/errors';
import { agreementTermsHash, agreementTermsSummary, agreementVersion, type AgreementTerms, type AgreementTermsSummary, type PartyConsent } from '../core/loan-agreement';
import type { LoanRecord } from '../core/loan-lifecycle';
import type { Ratio } from '../core/rational';
import type { AnnualRate } from '../core/rate';

/** The platform's terms an agreement states (the settings module provides them). */
export interface AgreementPolicy {
  borrowerServiceFeeRate(): Ratio;
  investorManagementFeeRate(): Ratio;
  penaltyRate(): Ratio;
  loanPrimeRate(): AnnualRate;
  lprMultiple(): number;
  platformLegalName(): string;
}

export const agreementTermsOf = (policy: AgreementPolicy): AgreementTerms => ({
  serviceFeeRate: policy.borrowerServiceFeeRate(),
  managementFeeRate: policy.investorManagementFeeRate(),
  penaltyRate: policy.penaltyRate(),
  loanPrimeRate: policy.loanPrimeRate(),
  lprMultiple: policy.lprMultiple(),
  platformName: policy.platformLegalName(),
});

type LoanTerms = Pick<LoanRecord, 'loanId' | 'amountFen' | 'termMonths'> & { readonly annualRate?: string | undefined; readonly method?: string | undefined };

function termsOfLoan(loan: LoanTerms) {
  if (!loan.annualRate || !loan.method) throw new RangeError(`loan ${loan.loanId} has no repayment terms`);
  return { loanId: loan.loanId, amountFen: loan.amountFen, termMonths: loan.termMonths, annualRate: loan.annualRate, method: loan.method };
}

/** The current terms' hash of a loan; RangeError for a loan without repayment terms. */
export const currentTermsHash = (loan: LoanTerms, policy: AgreementPolicy): string => agreementTermsHash(termsOfLoan(loan), agreementTermsOf(policy));

/** A party named a hash that is not the loan's current terms: they accepted something else. */
function assertSameTerms(accepted: string | undefined, current: string): void {
  if (accepted !== undefined && accepted !== current) {
    throw new DomainError('conflict', `the terms accepted (${accepted.slice(0, 12)}…) are not the loan's current terms (${current.slice(0, 12)}…): read GET /v1/loans/{loanId}/contract/terms again`);
  }
}

/** The consent a bid records: the current terms, accepted by the bid's request. */
export function bidConsent(loan: LoanTerms, policy: AgreementPolicy, accepted: { readonly termsHash?: string | undefined; readonly requestId: string; readonly channel: 'manual-bid' | 'auto-bid' }, at: Date): PartyConsent {
  const termsHash = currentTermsHash(loan, policy);
  assertSameTerms(accepted.termsHash, termsHash);
  return { termsHash, version: agreementVersion, acceptedAt: at.toISOString(), requestId: accepted.requestId, channel: accepted.channel };
}

export interface ConsentPorts {
  readonly loans: { findLoan(loanId: string): Promise<LoanRecord | undefined> };
  readonly consents: {
    findBorrowerConsent(loanId: string): Promise<PartyConsent | undefined>;
    /** Records the borrower's consent once while the loan is APPLIED, IN_REVIEW or LISTED; the first record when one exists. */
    recordBorrowerConsent(loanId: string, consent: PartyConsent): Promise<PartyConsent>;
  };
  readonly policy: AgreementPolicy;
}

const consentingStatuses: ReadonlySet<string> = new Set(['APPLIED', 'IN_REVIEW', 'LISTED']);

/** The loan's terms and their hash, for the borrower to accept (and anyone entitled to see the loan). */
export async function termsToAccept(
  ports: ConsentPorts,
  loanId: string,
): Promise<{ loan: LoanRecord; terms: AgreementTermsSummary; termsHash: string; borrowerConsent?: PartyConsent }> {
  const loan = await ports.loans.findLoan(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  const borrowerConsent = await ports.consents.findBorrowerConsent(loanId);
  const terms = agreementTermsSummary(termsOfLoan(loan), agreementTermsOf(ports.policy));
  return { loan, terms, termsHash: currentTermsHash(loan, ports.policy), ...(borrowerConsent ? { borrowerConsent } : {}) };
}

/** The borrower accepts the terms named by `termsHash`: recorded once, before the loan is funded. */
export async function acceptLoanTerms(ports: ConsentPorts, borrowerId: string, loanId: string, termsHash: string, requestId: string, at: Date): Promise<PartyConsent> {
  const loan = await ports.loans.findLoan(loanId);
  if (!loan || loan.borrowerId !== borrowerId) throw new NotFoundError(`no loan ${loanId} of the caller`);
  const recorded = await ports.consents.findBorrowerConsent(loanId);
  if (recorded && recorded.termsHash === termsHash) return recorded;
  if (!consentingStatuses.has(loan.status)) throw new DomainError('conflict', `the loan is ${loan.status}: its terms are accepted before it is funded`);
  assertSameTerms(termsHash, currentTermsHash(loan, ports.policy));
  return ports.consents.recordBorrowerConsent(loanId, { termsHash, version: agreementVersion, acceptedAt: at.toISOString(), requestId, channel: 'consent-route' });
}
