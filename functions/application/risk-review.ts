/**
 * The automated risk review (风控) of an application, before any reviewer sees it (the
 * origination workflow's ReviewApplication task). Gathers the facts (KYC status, the
 * credit bureau's report, the borrower's debt and application velocity on this
 * platform, the blacklist), runs the rule book and the scorecard
 * (functions/core/risk-rules.ts), keeps the outcome on the loan and returns only the
 * decision: ids and codes travel in the execution's state, never personal data.
 * Deterministic for a given table state, so a retried task decides the same.
 */
import { scorecardVersion } from '../core/credit-scorecard';
import { NotFoundError } from '../core/errors';
import { platformOutstandingFen, type LoanApplicationRecord } from '../core/loan-application';
import type { LoanEventType, LoanRecord } from '../core/loan-lifecycle';
import { debtToMonthlyIncomePercent, largeAmountFen, reviewApplication, rulebookVersion, type RiskDecision, type RiskReview } from '../core/risk-rules';
import type { UserProfile } from '../core/users';
import type { CreditBureau } from './ports/origination-credit-bureau';
import type { RiskReviewPolicy } from './ports/origination-policy';

/** Moves the loan through its lifecycle (core/loan-lifecycle.ts): the one loan-state port of origination. */
export interface LoanEvents {
  applyLoanEvent(loanId: string, event: LoanEventType, at: Date): Promise<LoanRecord>;
}

export interface RiskReviewPorts {
  readonly applications: {
    find(loanId: string): Promise<LoanApplicationRecord | undefined>;
    ofBorrower(borrowerId: string): Promise<LoanApplicationRecord[]>;
    recordRiskReview(loanId: string, review: RiskReview, at: Date): Promise<void>;
  };
  readonly loans: LoanEvents;
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  readonly creditBureau: CreditBureau;
  readonly policy: RiskReviewPolicy;
}

export interface RiskReviewOutcome {
  readonly decision: RiskDecision;
  readonly grade: string;
  readonly reasons: readonly string[];
  readonly score: number;
  readonly scorecardVersion: string;
}

export async function reviewLoanApplication(ports: RiskReviewPorts, loanId: string, at: Date): Promise<RiskReviewOutcome> {
  const loan = await ports.applications.find(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  // The loan is in review from here on, whoever decides it (the rules or a reviewer).
  if (loan.status === 'APPLIED') await ports.loans.applyLoanEvent(loanId, 'OPEN_REVIEW', at);
  // A replayed task after the review was recorded decides as it did the first time.
  const review = loan.riskReview ?? (await freshReview(ports, loan, at));
  return { decision: review.decision, grade: review.grade, reasons: review.reasons, score: review.score, scorecardVersion: review.scorecardVersion };
}

/**
 * A loan that did not come through POST /v1/loan-applications (created by another
 * path, without the stated income and borrower kind) cannot be scored: a reviewer
 * decides it, told why.
 */
function unscored(): RiskReview {
  return { decision: 'MANUAL_REVIEW', grade: 'E', reasons: ['APPLICATION_FACTS_MISSING'], score: 0, scorecardVersion, rulebookVersion, contributions: [] };
}

async function freshReview(ports: RiskReviewPorts, loan: LoanApplicationRecord, at: Date): Promise<RiskReview> {
  if (loan.monthlyIncomeFen === undefined || loan.kind === undefined) {
    const review = unscored();
    await ports.applications.recordRiskReview(loan.loanId, review, at);
    return review;
  }
  const [profile, report, loans] = await Promise.all([
    ports.profiles.find(loan.borrowerId),
    ports.creditBureau.report({ userId: loan.borrowerId }),
    ports.applications.ofBorrower(loan.borrowerId),
  ]);
  const kind = loan.kind;
  const monthlyIncomeFen = loan.monthlyIncomeFen;
  const windowStart = at.getTime() - ports.policy.velocityWindowDays() * 86_400_000;
  const applicationsInWindow = loans.filter((candidate) => candidate.loanId === loan.loanId || Date.parse(candidate.createdAt) >= windowStart).length;
  const allDebtFen = report.otherPlatformsOutstandingFen + platformOutstandingFen(loans, loan.loanId) + loan.amountFen;
  const review = reviewApplication({
    kycVerified: profile?.verification?.status === 'VERIFIED',
    blacklisted: report.dishonestDebtor || ports.policy.blacklist().has(loan.borrowerId),
    amountFen: loan.amountFen,
    termMonths: loan.termMonths,
    monthlyIncomeFen,
    creditHistoryMonths: report.creditHistoryMonths,
    overdueCount24m: report.overdueCount24m,
    maxOverdueDays: report.maxOverdueDays,
    currentOverdueFen: report.currentOverdueFen,
    otherPlatformsOutstandingFen: report.otherPlatformsOutstandingFen,
    debtToMonthlyIncomePercent: debtToMonthlyIncomePercent(allDebtFen, monthlyIncomeFen),
    applicationsInWindow,
    largeAmount: loan.amountFen > largeAmountFen[kind],
  });
  await ports.applications.recordRiskReview(loan.loanId, review, at);
  return review;
}
