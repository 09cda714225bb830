/**
 * Workflow task: the automated risk review (风控) of an application, before any
 * reviewer sees it. Gathers the facts (KYC status, the credit bureau's report, the
 * borrower's debt and application velocity on this platform, the blacklist), runs the
 * rule book and the scorecard (functions/core/risk-rules.ts), keeps the outcome on
 * the loan and returns only the decision: ids and codes travel in the execution's
 * state, never personal data. Deterministic for a given table state, so a retried
 * task decides the same.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { creditBureau } from '../adapters/credit-bureau/credit-bureau';
import { policy } from '../settings/settings';
import { borrowerLoans, findApplication, platformOutstandingFen, recordRiskReview } from '../adapters/dynamodb/loan-application-repository';
import { applyLoanEvent } from '../adapters/dynamodb/loan-repository';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import { NotFoundError } from '../core/errors';
import { scorecardVersion } from '../core/credit-scorecard';
import { debtToMonthlyIncomePercent, largeAmountFen, reviewApplication, rulebookVersion, type RiskDecision, type RiskReview } from '../core/risk-rules';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({ loanId: z.string().min(1) });

export interface ReviewTaskResult {
  readonly decision: RiskDecision;
  readonly grade: string;
  readonly reasons: readonly string[];
  readonly score: number;
  readonly scorecardVersion: string;
}

async function run(event: unknown): Promise<ReviewTaskResult> {
  const { loanId } = taskInput.parse(event);
  const at = now();
  const loan = await findApplication(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  // The loan is in review from here on, whoever decides it (the rules or a reviewer).
  if (loan.status === 'APPLIED') await applyLoanEvent(loanId, 'OPEN_REVIEW', at);
  // A replayed task after the review was recorded decides as it did the first time.
  const review = loan.riskReview ?? (await freshReview(loan, at));
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

async function freshReview(loan: NonNullable<Awaited<ReturnType<typeof findApplication>>>, at: Date): Promise<RiskReview> {
  if (loan.monthlyIncomeFen === undefined || loan.kind === undefined) {
    const review = unscored();
    await recordRiskReview(loan.loanId, review, at);
    return review;
  }
  const [profile, report, loans] = await Promise.all([
    findUserProfile(loan.borrowerId),
    creditBureau().report({ userId: loan.borrowerId }),
    borrowerLoans(loan.borrowerId),
  ]);
  const kind = loan.kind;
  const monthlyIncomeFen = loan.monthlyIncomeFen;
  const windowStart = at.getTime() - policy.velocityWindowDays() * 86_400_000;
  const applicationsInWindow = loans.filter((candidate) => candidate.loanId === loan.loanId || Date.parse(candidate.createdAt) >= windowStart).length;
  const allDebtFen = report.otherPlatformsOutstandingFen + platformOutstandingFen(loans, loan.loanId) + loan.amountFen;
  const review = reviewApplication({
    kycVerified: profile?.verification?.status === 'VERIFIED',
    blacklisted: report.dishonestDebtor || policy.blacklist().has(loan.borrowerId),
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
  await recordRiskReview(loan.loanId, review, at);
  return review;
}

export const handler = workflowTask('review-application', run);
