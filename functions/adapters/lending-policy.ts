/**
 * Lending policy values operators may tune per deployment (environment variables),
 * each with its documented default; getters validate on read and fail fast.
 */
import { parseRate, ratePattern, type AnnualRate } from '../core/rate';

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new Error(`configuration ${name} must be a whole number from ${min} to ${max}, not ${raw}`);
  return Number(raw);
}

export const lendingPolicy = {
  /** The one-year Loan Prime Rate (LPR), a decimal string; default "0.0345". */
  loanPrimeRate: (): AnnualRate => {
    const raw = process.env.LOAN_PRIME_RATE || '0.0345';
    if (!ratePattern.test(raw)) throw new Error(`configuration LOAN_PRIME_RATE must be a decimal rate, not ${raw}`);
    return parseRate(raw);
  },
  /** The legal cap on a loan's annual rate is this multiple of the LPR (default 4). */
  lprMultiple: (): number => wholeNumber('LPR_MULTIPLE', 4, 1, 10),
  /** amount ≤ this × stated monthly income (default 3). */
  incomeMultiple: (): number => wholeNumber('LOAN_INCOME_MULTIPLE', 3, 1, 120),
  /** Application velocity (anti-fraud): the window, in days (default 30). */
  velocityWindowDays: (): number => wholeNumber('APPLICATION_VELOCITY_DAYS', 30, 1, 365),
  /** The platform's blacklist: comma-separated userIds (RISK_BLACKLIST_USER_IDS). */
  blacklist: (): ReadonlySet<string> =>
    new Set((process.env.RISK_BLACKLIST_USER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean)),
};
