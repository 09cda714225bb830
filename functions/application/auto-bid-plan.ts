/**
 * An investor sets up an auto-bid plan (自动投标, POST /v1/me/auto-bid-plans), served in a
 * fair rotation whenever a matching listing opens. The plan is checked against the bid
 * rules (minimum bid, bid steps) and the investor's valid risk assessment.
 *
 * The "diversified" preset (DIVERSIFIED) follows the portfolio's concentration advice: it
 * needs at least two grades, and caps each loan at the portfolio loan-share limit of the
 * budget (PORTFOLIO_LOAN_SHARE_LIMIT, 20% by default: at least five loans), or lower if
 * capPerLoan says so; a budget too small for that cap to be a minimum bid is refused.
 */
import { createHash } from 'node:crypto';
import { diversifiedCapPerLoanFen, type AutoBidPlan } from '../core/auto-bid';
import { BidRefusedError, InvalidRequestError, UnsuitableInvestorError } from '../core/errors';
import { allowedGrades, assessmentInForce, isAssessmentValid } from '../core/investor-suitability';
import { parseYuan, toFen } from '../core/money';
import { compareRatios, type Ratio } from '../core/rational';
import { parseRate } from '../core/rate';
import type { RiskGrade } from '../core/risk-grade';
import type { UserProfile } from '../core/users';

export interface AutoBidPlanPorts {
  readonly plans: { create(plan: AutoBidPlan): Promise<AutoBidPlan> };
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  readonly policy: { minimumBidFen(): number; bidStepFen(): number; portfolioLoanShareLimit(): Ratio };
}

export interface AutoBidPlanForm {
  readonly amountPerLoan: string;
  readonly capPerLoan?: string | undefined;
  readonly budget: string;
  readonly reserveBalance: string;
  readonly minRate?: string | undefined;
  readonly maxRate?: string | undefined;
  readonly minTermMonths: number;
  readonly maxTermMonths: number;
  readonly grades: readonly RiskGrade[];
  readonly preset?: 'DIVERSIFIED' | undefined;
}

export async function createAutoBidPlan(ports: AutoBidPlanPorts, request: { readonly investorId: string; readonly idempotencyKey: string; readonly form: AutoBidPlanForm }, at: Date): Promise<AutoBidPlan> {
  const { investorId, form } = request;
  const { policy } = ports;
  if (form.minTermMonths > form.maxTermMonths) throw new InvalidRequestError('minTermMonths is above maxTermMonths');
  if (form.minRate !== undefined && form.maxRate !== undefined && compareRatios(parseRate(form.minRate), parseRate(form.maxRate)) > 0) {
    throw new InvalidRequestError('minRate is above maxRate');
  }
  const amountPerLoanFen = toFen(parseYuan(form.amountPerLoan));
  const budgetFen = toFen(parseYuan(form.budget));
  const askedCapFen = form.capPerLoan === undefined ? amountPerLoanFen : toFen(parseYuan(form.capPerLoan));
  if (form.preset === 'DIVERSIFIED' && new Set(form.grades).size < 2) throw new InvalidRequestError('a diversified plan spreads over at least two grades');
  const capPerLoanFen = form.preset === 'DIVERSIFIED' ? Math.min(askedCapFen, diversifiedCapPerLoanFen(budgetFen, policy.portfolioLoanShareLimit(), policy.bidStepFen())) : askedCapFen;
  if (amountPerLoanFen < policy.minimumBidFen() || amountPerLoanFen % policy.bidStepFen() !== 0) {
    throw new BidRefusedError('amountPerLoan must be at least the minimum bid and in whole bid steps');
  }
  if (capPerLoanFen < policy.minimumBidFen() || budgetFen < policy.minimumBidFen()) throw new BidRefusedError('capPerLoan and budget must allow at least one minimum bid');
  const assessment = assessmentInForce(await ports.profiles.find(investorId), at);
  if (!isAssessmentValid(assessment, at)) throw new UnsuitableInvestorError('a valid risk assessment is required to invest');
  const refused = form.grades.filter((grade) => !allowedGrades(assessment!.level).includes(grade));
  if (refused.length) throw new UnsuitableInvestorError(`risk level ${assessment!.level} does not allow grades ${refused.join(', ')}`);
  const plan: AutoBidPlan = {
    planId: `plan-${createHash('sha256').update(`${investorId}|${request.idempotencyKey}`).digest('base64url').slice(0, 22)}`,
    investorId,
    amountPerLoanFen,
    ...(form.minRate !== undefined ? { minRate: form.minRate } : {}),
    ...(form.maxRate !== undefined ? { maxRate: form.maxRate } : {}),
    minTermMonths: form.minTermMonths,
    maxTermMonths: form.maxTermMonths,
    grades: [...new Set(form.grades)],
    budgetFen,
    spentFen: 0,
    reserveFen: toFen(parseYuan(form.reserveBalance)),
    capPerLoanFen,
    createdAt: at.toISOString(),
    lastServedAt: at.toISOString(),
  };
  await ports.plans.create(plan);
  return plan;
}
