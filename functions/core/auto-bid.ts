/**
 * Auto-bid plans (自动投标), pure: which plans bid on a newly opened listing, in which
 * order, and for how much. The queue is fair: the plan that has waited longest since it
 * was last served (or created) bids first, and each plan bids at most once per listing.
 * A plan never bids more than remains, than its budget left, than the investor's
 * available balance above the reserve, or than its cap per loan; amounts are whole steps.
 *
 * The investor edits a plan's terms, pauses, resumes and deletes it: each such change
 * raises the plan's version (its spending does not), which the writes of the change and
 * of every auto-bid are conditioned on. Only an ACTIVE plan with budget left bids; the
 * bids a plan already placed stay (each is the investor's bid on a listing).
 */
import { BidRefusedError } from './errors';
import { compareRatios, floor, times, whole, type Ratio } from './rational';
import { parseRate } from './rate';

/** A DELETED plan is kept (the audit trail names who deleted it; its bids name it) but shown to no one. */
export type AutoBidPlanStatus = 'ACTIVE' | 'PAUSED' | 'DELETED';

export interface AutoBidPlan {
  readonly planId: string;
  readonly investorId: string;
  readonly status: AutoBidPlanStatus;
  /** 1 at creation, + 1 at each edit, pause, resume or deletion (not at a bid). */
  readonly version: number;
  readonly amountPerLoanFen: number;
  readonly minRate?: string | undefined;
  readonly maxRate?: string | undefined;
  readonly minTermMonths: number;
  readonly maxTermMonths: number;
  readonly grades: readonly string[];
  readonly budgetFen: number;
  readonly spentFen: number;
  readonly reserveFen: number;
  readonly capPerLoanFen: number;
  readonly createdAt: string;
  /** When the plan last bid, or joined the rotation (created, resumed): the rotation's key. */
  readonly lastServedAt: string;
}

/** What the investor sets, and an edit replaces whole. */
export type AutoBidPlanTerms = Pick<
  AutoBidPlan,
  'amountPerLoanFen' | 'minRate' | 'maxRate' | 'minTermMonths' | 'maxTermMonths' | 'grades' | 'budgetFen' | 'reserveFen' | 'capPerLoanFen'
>;

/** Whether the plan takes part in a listing's round: active, with budget left. */
export const inRotation = (plan: Pick<AutoBidPlan, 'status' | 'spentFen' | 'budgetFen'>): boolean => plan.status === 'ACTIVE' && plan.spentFen < plan.budgetFen;

/** An edit's budget below what the plan has already spent (422, at the field). */
export function budgetBelowSpent(): BidRefusedError {
  const message = 'budget is below what the plan has already spent';
  return new BidRefusedError(message, [{ path: 'body.budget', message }]);
}

/** The plan with its terms replaced (its spending, status and place in the rotation kept); a budget below what it spent is refused. */
export function editedPlan(plan: AutoBidPlan, terms: AutoBidPlanTerms): AutoBidPlan {
  if (terms.budgetFen < plan.spentFen) throw budgetBelowSpent();
  const { minRate: _minRate, maxRate: _maxRate, ...kept } = plan;
  return { ...kept, ...terms, version: plan.version + 1 };
}

export type AutoBidPlanAction = 'pause' | 'resume' | 'delete';

/**
 * The plan after the action: pause stops an ACTIVE plan, resume restarts a PAUSED one at
 * the back of the rotation (as a new plan joins it: a pause never keeps a place while not
 * bidding), delete ends either. Pausing a paused plan or resuming an active one changes
 * nothing (the same plan is returned).
 */
export function planAfter(plan: AutoBidPlan, action: AutoBidPlanAction, at: Date): AutoBidPlan {
  const next = { pause: 'PAUSED', resume: 'ACTIVE', delete: 'DELETED' } as const;
  if (plan.status === next[action] || plan.status === 'DELETED') return plan;
  return { ...plan, status: next[action], version: plan.version + 1, ...(action === 'resume' ? { lastServedAt: at.toISOString() } : {}) };
}

export interface OpenListing {
  readonly loanId: string;
  readonly borrowerId: string;
  readonly grade: string | undefined;
  readonly termMonths: number;
  readonly annualRate: string | undefined;
}

/** Longest-waiting first; ties by creation, then id, so the order is total and deterministic. */
export function rotationOrder<T extends Pick<AutoBidPlan, 'lastServedAt' | 'createdAt' | 'planId'>>(plans: readonly T[]): T[] {
  return [...plans].sort(
    (a, b) => a.lastServedAt.localeCompare(b.lastServedAt) || a.createdAt.localeCompare(b.createdAt) || a.planId.localeCompare(b.planId),
  );
}

/** Whether the plan's criteria take this listing (never the investor's own loan). */
export function planMatches(plan: AutoBidPlan, listing: OpenListing): boolean {
  if (plan.investorId === listing.borrowerId) return false;
  if (listing.grade === undefined || !plan.grades.includes(listing.grade)) return false;
  if (listing.termMonths < plan.minTermMonths || listing.termMonths > plan.maxTermMonths) return false;
  if (plan.minRate === undefined && plan.maxRate === undefined) return true;
  if (listing.annualRate === undefined) return false;
  const rate = parseRate(listing.annualRate);
  if (plan.minRate !== undefined && compareRatios(rate, parseRate(plan.minRate)) < 0) return false;
  if (plan.maxRate !== undefined && compareRatios(rate, parseRate(plan.maxRate)) > 0) return false;
  return true;
}

export interface AutoBidLimits {
  readonly remainingFen: number;
  /** The investor's available custody balance now. */
  readonly availableFen: number;
  readonly minimumFen: number;
  readonly stepFen: number;
}

/** The plan's bid on this listing, in fen: 0 when it cannot bid at least the minimum. */
export function autoBidAmount(plan: AutoBidPlan, limits: AutoBidLimits): number {
  const most = Math.min(
    plan.amountPerLoanFen,
    plan.capPerLoanFen,
    limits.remainingFen,
    plan.budgetFen - plan.spentFen,
    limits.availableFen - plan.reserveFen,
  );
  const amount = Math.floor(Math.max(0, most) / limits.stepFen) * limits.stepFen;
  return amount >= limits.minimumFen ? amount : 0;
}

/**
 * The "diversified" preset's cap per loan: the portfolio's loan-share limit (./portfolio.ts's
 * concentration warning) of the budget, in whole bid steps, so that the plan spreads its
 * budget over at least 1 / limit loans and never draws that warning by itself.
 */
export function diversifiedCapPerLoanFen(budgetFen: number, loanShare: Ratio, stepFen: number): number {
  return Number(floor(times(whole(budgetFen), loanShare)) / BigInt(stepFen)) * stepFen;
}
