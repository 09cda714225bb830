/**
 * Penalty interest (罚息) on overdue amounts, within the legal cap.
 *
 * The legal cap on the annual cost of a loan is a multiple (4 by default) of the
 * one-year Loan Prime Rate (LPR), and the contract rate plus the penalty rate may never
 * exceed it. So the penalty rate actually charged is
 *   effective = min(configured penalty rate, max(0, cap − contract rate)),
 * and the penalty for `days` days on an overdue amount (principal + interest due and
 * unpaid) is, actual/365,
 *   overdue × effective × days / 365, rounded half-up to the fen once.
 * Callers accrue a whole span at once while the overdue amount is unchanged, and start
 * a new span when it changes (a partial repayment), rather than summing amounts
 * rounded day by day.
 */
import { accruedInterest } from './day-count';
import { RateAboveLegalCapError } from './errors';
import type { Money } from './money';
import { compareRatios, minus, times, whole, type Ratio } from './rational';
import { formatRate, type AnnualRate } from './rate';

export const defaultLprMultiple = 4;

export interface PenaltyRates {
  /** The loan's contract annual rate. */
  readonly contractRate: AnnualRate;
  /** The configured annual penalty rate, before the cap. */
  readonly penaltyRate: AnnualRate;
  /** The legal cap on contract + penalty rate (see legalRateCap). */
  readonly legalCap: AnnualRate;
}

/** The legal cap: `multiple` × the one-year LPR (e.g. 4 × 3.0% = 12%). */
export function legalRateCap(lpr: AnnualRate, multiple: number = defaultLprMultiple): AnnualRate {
  if (lpr.numerator < 0n) throw new RangeError('a negative LPR');
  if (!Number.isSafeInteger(multiple) || multiple <= 0) throw new RangeError(`not a positive whole multiple: ${multiple}`);
  return times(lpr, whole(multiple));
}

/** Throws RateAboveLegalCapError when the contract rate is above the cap (equal is allowed). */
export function assertWithinLegalCap(contractRate: AnnualRate, cap: AnnualRate): void {
  if (compareRatios(contractRate, cap) > 0) {
    throw new RateAboveLegalCapError(`the annual rate ${describe(contractRate)} is above the legal cap ${describe(cap)}`);
  }
}

/** min(penalty rate, max(0, cap − contract rate)): contract + effective penalty never exceed the cap. */
export function effectivePenaltyRate({ contractRate, penaltyRate, legalCap }: PenaltyRates): AnnualRate {
  if (penaltyRate.numerator < 0n) throw new RangeError('a negative penalty rate');
  const headroom = minus(legalCap, contractRate);
  if (headroom.numerator <= 0n) return whole(0);
  return compareRatios(penaltyRate, headroom) <= 0 ? penaltyRate : headroom;
}

/** Penalty interest for `days` days on `overdue`, at the effective penalty rate, actual/365, rounded half-up once. */
export function penaltyInterest(overdue: Money, days: number, rates: PenaltyRates): Money {
  return accruedInterest(overdue, effectivePenaltyRate(rates), days);
}

function describe(rate: Ratio): string {
  try {
    return formatRate(rate);
  } catch {
    return `${rate.numerator}/${rate.denominator}`;
  }
}
