/**
 * An investor sets up an auto-bid plan (自动投标, POST /v1/me/auto-bid-plans), served in a
 * fair rotation whenever a matching listing opens. The plan is checked against the bid
 * rules (minimum bid, bid steps) and the investor's valid risk assessment.
 *
 * The "diversified" preset (DIVERSIFIED) follows the portfolio's concentration advice: it
 * needs at least two grades, and caps each loan at the portfolio loan-share limit of the
 * budget (PORTFOLIO_LOAN_SHARE_LIMIT, 20% by default: at least five loans), or lower if
 * capPerLoan says so; a budget too small for that cap to be a minimum bid is refused.
 *
 * The plan's owner edits its terms (PUT, checked like a new plan, on condition that the
 * plan is still at the version the edit was made from), pauses, resumes and deletes it;
 * anyone else is told there is no such plan. The bids a plan already placed stay: each is
 * the investor's bid on a listing, frozen toward a contract that other investors and the
 * borrower are already part of.
 */
import { createHash } from 'node:crypto';
import { diversifiedCapPerLoanFen, editedPlan, planAfter, type AutoBidPlan, type AutoBidPlanAction, type AutoBidPlanTerms } from '../core/auto-bid';
import { BidRefusedError, ConcurrentModificationError, InvalidRequestError, NotFoundError, UnsuitableInvestorError } from '../core/errors';
import { allowedGrades, assessmentInForce, isAssessmentValid } from '../core/investor-suitability';
import { parseYuan, toFen } from '../core/money';
import { compareRatios, type Ratio } from '../core/rational';
import { parseRate } from '../core/rate';
import type { RiskGrade } from '../core/risk-grade';
import type { UserProfile } from '../core/users';

export interface AutoBidPlanPorts {
  readonly plans: AutoBidPlanRecords;
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  readonly policy: { minimumBidFen(): number; bidStepFen(): number; portfolioLoanShareLimit(): Ratio };
}

export interface AutoBidPlanRecords {
  create(plan: AutoBidPlan): Promise<AutoBidPlan>;
  find(planId: string): Promise<AutoBidPlan | undefined>;
  /**
   * Writes what `after` changes of `before`'s terms, status and place in the rotation (never
   * its spending) on condition that the plan is still at `before.version`
   * (ConcurrentModificationError otherwise) and has spent no more than `after.budgetFen`
   * (BidRefusedError otherwise).
   */
  save(before: AutoBidPlan, after: AutoBidPlan): Promise<void>;
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

const atField = (field: string, message: string) => [{ path: `body.${field}`, message }];

/** The form's terms, in fen, checked against the bid rules and the investor's risk assessment. */
async function planTerms(ports: AutoBidPlanPorts, investorId: string, form: AutoBidPlanForm, at: Date): Promise<AutoBidPlanTerms> {
  const { policy } = ports;
  if (form.minTermMonths > form.maxTermMonths) throw new InvalidRequestError('minTermMonths is above maxTermMonths', atField('minTermMonths', 'minTermMonths is above maxTermMonths'));
  if (form.minRate !== undefined && form.maxRate !== undefined && compareRatios(parseRate(form.minRate), parseRate(form.maxRate)) > 0) {
    throw new InvalidRequestError('minRate is above maxRate', atField('minRate', 'minRate is above maxRate'));
  }
  const amountPerLoanFen = toFen(parseYuan(form.amountPerLoan));
  const budgetFen = toFen(parseYuan(form.budget));
  const askedCapFen = form.capPerLoan === undefined ? amountPerLoanFen : toFen(parseYuan(form.capPerLoan));
  if (form.preset === 'DIVERSIFIED' && new Set(form.grades).size < 2) {
    throw new InvalidRequestError('a diversified plan spreads over at least two grades', atField('grades', 'a diversified plan spreads over at least two grades'));
  }
  const capPerLoanFen = form.preset === 'DIVERSIFIED' ? Math.min(askedCapFen, diversifiedCapPerLoanFen(budgetFen, policy.portfolioLoanShareLimit(), policy.bidStepFen())) : askedCapFen;
  if (amountPerLoanFen < policy.minimumBidFen() || amountPerLoanFen % policy.bidStepFen() !== 0) {
    const message = 'amountPerLoan must be at least the minimum bid and in whole bid steps';
    throw new BidRefusedError(message, atField('amountPerLoan', message));
  }
  if (capPerLoanFen < policy.minimumBidFen() || budgetFen < policy.minimumBidFen()) {
    const message = 'capPerLoan and budget must allow at least one minimum bid';
    throw new BidRefusedError(message, atField(budgetFen < policy.minimumBidFen() ? 'budget' : 'capPerLoan', message));
  }
  const assessment = assessmentInForce(await ports.profiles.find(investorId), at);
  if (!isAssessmentValid(assessment, at)) throw new UnsuitableInvestorError('a valid risk assessment is required to invest');
  const refused = form.grades.filter((grade) => !allowedGrades(assessment!.level).includes(grade));
  if (refused.length) throw new UnsuitableInvestorError(`risk level ${assessment!.level} does not allow grades ${refused.join(', ')}`);
  return {
    amountPerLoanFen,
    ...(form.minRate !== undefined ? { minRate: form.minRate } : {}),
    ...(form.maxRate !== undefined ? { maxRate: form.maxRate } : {}),
    minTermMonths: form.minTermMonths,
    maxTermMonths: form.maxTermMonths,
    grades: [...new Set(form.grades)],
    budgetFen,
    reserveFen: toFen(parseYuan(form.reserveBalance)),
    capPerLoanFen,
  };
}

export async function createAutoBidPlan(ports: AutoBidPlanPorts, request: { readonly investorId: string; readonly idempotencyKey: string; readonly form: AutoBidPlanForm }, at: Date): Promise<AutoBidPlan> {
  const { investorId } = request;
  const plan: AutoBidPlan = {
    planId: `plan-${createHash('sha256').update(`${investorId}|${request.idempotencyKey}`).digest('base64url').slice(0, 22)}`,
    investorId,
    status: 'ACTIVE',
    version: 1,
    ...(await planTerms(ports, investorId, request.form, at)),
    spentFen: 0,
    createdAt: at.toISOString(),
    lastServedAt: at.toISOString(),
  };
  await ports.plans.create(plan);
  return plan;
}

/** The caller's own plan, not deleted; for anyone else the same 404 as for no plan at all. */
async function ownPlan(ports: Pick<AutoBidPlanPorts, 'plans'>, investorId: string, planId: string): Promise<AutoBidPlan> {
  const plan = await ports.plans.find(planId);
  if (!plan || plan.investorId !== investorId || plan.status === 'DELETED') throw new NotFoundError(`you have no auto-bid plan ${planId}`);
  return plan;
}

/** PUT: the plan's terms replaced by the form's, made from the plan at `version`. */
export async function editAutoBidPlan(
  ports: AutoBidPlanPorts,
  request: { readonly investorId: string; readonly planId: string; readonly version: number; readonly form: AutoBidPlanForm },
  at: Date,
): Promise<AutoBidPlan> {
  const plan = await ownPlan(ports, request.investorId, request.planId);
  const terms = await planTerms(ports, request.investorId, request.form, at);
  if (plan.version !== request.version) throw new ConcurrentModificationError(`the plan changed meanwhile (version ${plan.version}, not ${request.version}): read it again`);
  const edited = editedPlan(plan, terms);
  await ports.plans.save(plan, edited);
  return edited;
}

/** Pause, resume or delete the caller's plan; again is no change. */
export async function changeAutoBidPlanStatus(
  ports: Pick<AutoBidPlanPorts, 'plans'>,
  request: { readonly investorId: string; readonly planId: string; readonly action: AutoBidPlanAction },
  at: Date,
): Promise<AutoBidPlan> {
  const plan = await ownPlan(ports, request.investorId, request.planId);
  const after = planAfter(plan, request.action, at);
  if (after !== plan) await ports.plans.save(plan, after);
  return after;
}
