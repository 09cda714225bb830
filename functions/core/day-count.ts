/**
 * Day counts for interest that accrues by the day (early repayment, penalty interest):
 * actual/365 — the actual number of calendar days between two business dates, over a
 * 365-day year, leap years included. Dates are YYYY-MM-DD strings and are handled with
 * integer civil-calendar arithmetic (no Date, no time zone, no clock).
 */
import { fen, toFen, type Money } from './money';
import { ratio, roundHalfUp, times, whole, type Ratio } from './rational';

export const daysInYear = 365;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** "2026-02-28" → { year: 2026, month: 2, day: 28 }; throws for anything that is not a real calendar date. */
export function parseCalendarDate(text: string): CalendarDate {
  const match = isoDatePattern.exec(text);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${text}`);
  }
  return { year, month, day };
}

export function formatCalendarDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function dayNumber({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(parseCalendarDate(to)) - dayNumber(parseCalendarDate(from));
}

/**
 * Simple interest for `days` days, actual/365: principal × annualRate × days / 365,
 * computed exactly and rounded half-up to the fen once.
 */
export function accruedInterest(principal: Money, annualRate: Ratio, days: number): Money {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`not a non-negative whole number of days: ${days}`);
  if (annualRate.numerator < 0n) throw new RangeError('a negative rate');
  const principalFen = toFen(principal);
  if (principalFen < 0) throw new RangeError('interest on a negative principal');
  const exact = times(times(whole(principalFen), annualRate), ratio(BigInt(days), BigInt(daysInYear)));
  return fen(roundHalfUp(exact));
}
