/**
 * Auto-bid plans (自动投标), pure: which plans bid on a newly opened listing, in which
 * order, and for how much. The queue is fair: the plan that has waited longest since it
 * was last served (or created) bids first, and each plan bids at most once per listing.
 * A plan never bids more than remains, than its budget left, than the investor's
 * available balance above the reserve, or than its cap per loan; amounts are whole steps.
 */
import { compareRatios, floor, times, whole, type Ratio } from './rational';
import { parseRate } from './rate';

export interface AutoBidPlan {
  readonly planId: string;
  readonly investorId: string;
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
  /** When the plan last bid (createdAt until then): the rotation's key. */
  readonly lastServedAt: string;
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
