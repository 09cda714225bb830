/**
 * fast-check arbitraries and small independent helpers shared by the core lending
 * tests. The helpers deliberately avoid functions/core's own arithmetic (Ratio,
 * day-count) so that checks built on them are independent of the implementation.
 */
import fc from 'fast-check';
import { repaymentMethods } from '../../../functions/core/repayment-schedule';

/** Property-test runs per property: enough to find edge cases, small enough to keep the unit tier fast. */
export const runs = { numRuns: 300 } as const;

/** ¥100 to ¥5,000,000 in whole fen. */
export const loanAmountFen = fc.integer({ min: 10_000, max: 500_000_000 });
export const termMonths = fc.integer({ min: 1, max: 60 });
/** 0.01%–36% in steps of 0.0001, as the integer number of 1/10,000ths. */
export const rateTenThousandths = fc.integer({ min: 1, max: 3_600 });
export const method = fc.constantFrom(...repaymentMethods);

/** 1234 → "0.1234" (the text a caller would pass to parseRate). */
export const rateText = (tenThousandths: number): string => `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;

/** Days in a month by the JavaScript Date (day 0 of the next month). */
export const lastDayOfMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A real YYYY-MM-DD date between 2020 and 2035, month ends included. */
export const startDate = fc
  .record({ year: fc.integer({ min: 2020, max: 2035 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => isoDate(year, month, Math.min(day, lastDayOfMonth(year, month))));

export const isoDate = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Half-up rounding of numerator / denominator for non-negative bigints, written out independently. */
export const halfUp = (numerator: bigint, denominator: bigint): bigint => (2n * numerator + denominator) / (2n * denominator);
