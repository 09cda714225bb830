/**
 * Repayment schedules (还款计划) for the four repayment methods:
 * - EQUAL_INSTALLMENT (等额本息): the same total every month, interest falling and
 *   principal rising;
 * - EQUAL_PRINCIPAL (等额本金): the same principal every month plus interest on what
 *   remains;
 * - INTEREST_FIRST (先息后本): interest every month, all the principal with the last;
 * - BULLET (一次性还本付息): one installment at the end, principal plus interest.
 *
 * Periods are calendar months. Installment k (1-based) falls due k months after the
 * start date, on the start date's day of the month, clamped to the last day of a
 * shorter month; the clamp is always applied to the START day, never to the previous
 * due date (start 2026-01-31 → 2026-02-28, 2026-03-31, 2026-04-30, …).
 *
 * Rounding (the one rule, half-up to the fen, on exact ratios — no float anywhere):
 * - monthly rate r = annual rate / 12, an exact ratio;
 * - each period's interest = principal outstanding at the start of the period × r,
 *   rounded half-up to the fen;
 * - EQUAL_INSTALLMENT: the payment A = P·r(1+r)^n / ((1+r)^n − 1), computed exactly and
 *   rounded half-up to the fen once (at r = 0, A = P / n rounded half-up); each
 *   period's principal = A − that period's interest;
 * - EQUAL_PRINCIPAL: each period's principal = P / n rounded half-up;
 * - INTEREST_FIRST: principal 0 until the last period;
 * - BULLET: a single installment at month n with principal P and interest
 *   P × annual rate × n / 12, rounded half-up once;
 * - the LAST installment's principal is whatever principal remains, so the principal
 *   sums exactly to the loan amount; its total may differ from the others';
 * - no part is ever negative: a period's principal is clamped to [0, what remains].
 *   The clamp only bites on absurdly small loans (a few fen per period), where the
 *   rounded per-period principal would repay the loan before its last period.
 *
 * Inputs outside the domain (non-positive amount, a term outside 1–60 months, a
 * negative rate, a malformed date) throw RangeError: callers validate requests first.
 */
import { formatCalendarDate, daysInMonth, parseCalendarDate } from './day-count';
import { fen, sumMoney, toFen, type Money } from './money';
import { dividedBy, minus, plus, power, ratio, roundHalfUp, times, whole, type Ratio } from './rational';
import type { AnnualRate } from './rate';

export const repaymentMethods = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'INTEREST_FIRST', 'BULLET'] as const;
export type RepaymentMethod = (typeof repaymentMethods)[number];

export const minTermMonths = 1;
export const maxTermMonths = 60;
export const monthsInYear = 12;

export interface LoanTerms {
  readonly amount: Money;
  readonly termMonths: number;
  readonly annualRate: AnnualRate;
  readonly method: RepaymentMethod;
  /** The disbursement (value) date, YYYY-MM-DD. */
  readonly startDate: string;
}

export interface Installment {
  /** 1-based, in due-date order. */
  readonly number: number;
  readonly dueDate: string;
  readonly principal: Money;
  readonly interest: Money;
  readonly total: Money;
  /** Principal still owed once this installment is paid. */
  readonly remainingPrincipal: Money;
}

export interface ScheduleTotals {
  readonly principal: Money;
  readonly interest: Money;
  readonly total: Money;
}

export interface RepaymentSchedule {
  readonly terms: LoanTerms;
  readonly installments: readonly Installment[];
  readonly totals: ScheduleTotals;
}

/** The annual rate over twelve, exactly. */
export const monthlyRate = (annualRate: AnnualRate): Ratio => dividedBy(annualRate, whole(monthsInYear));

/**
 * The due date `monthsAfter` months after the start date: same day of the month,
 * clamped to the month's last day.
 */
export function installmentDueDate(startDate: string, monthsAfter: number): string {
  if (!Number.isSafeInteger(monthsAfter) || monthsAfter < 0) throw new RangeError(`not a whole number of months: ${monthsAfter}`);
  const start = parseCalendarDate(startDate);
  const monthIndex = start.month - 1 + monthsAfter;
  const year = start.year + Math.floor(monthIndex / monthsInYear);
  const month = (monthIndex % monthsInYear) + 1;
  return formatCalendarDate({ year, month, day: Math.min(start.day, daysInMonth(year, month)) });
}

/** The equal-installment (等额本息) monthly payment, rounded half-up to the fen once. */
export function equalInstallmentPayment(amount: Money, termMonths: number, annualRate: AnnualRate): Money {
  assertTerms(amount, termMonths, annualRate);
  return fen(equalInstallmentPaymentFen(BigInt(toFen(amount)), termMonths, monthlyRate(annualRate)));
}

export function buildRepaymentSchedule(terms: LoanTerms): RepaymentSchedule {
  const { amount, termMonths, annualRate, method, startDate } = terms;
  assertTerms(amount, termMonths, annualRate);
  parseCalendarDate(startDate);
  if (!repaymentMethods.includes(method)) throw new RangeError(`not a repayment method: ${String(method)}`);
  const installments = method === 'BULLET' ? bulletInstallments(terms) : monthlyInstallments(terms);
  const principal = sumMoney(installments.map((installment) => installment.principal));
  const interest = sumMoney(installments.map((installment) => installment.interest));
  return { terms, installments, totals: { principal, interest, total: sumMoney([principal, interest]) } };
}

function assertTerms(amount: Money, termMonths: number, annualRate: AnnualRate): void {
  if (toFen(amount) <= 0) throw new RangeError('a loan amount must be positive');
  if (!Number.isSafeInteger(termMonths) || termMonths < minTermMonths || termMonths > maxTermMonths) {
    throw new RangeError(`a term must be a whole number of months from ${minTermMonths} to ${maxTermMonths}: ${termMonths}`);
  }
  if (annualRate.numerator < 0n) throw new RangeError('a negative annual rate');
}

const interestOn = (principalFen: bigint, rate: Ratio): bigint => roundHalfUp(times(whole(principalFen), rate));

function equalInstallmentPaymentFen(principalFen: bigint, termMonths: number, rate: Ratio): bigint {
  if (rate.numerator === 0n) return roundHalfUp(ratio(principalFen, BigInt(termMonths)));
  const growth = power(plus(whole(1), rate), termMonths);
  return roundHalfUp(dividedBy(times(times(whole(principalFen), rate), growth), minus(growth, whole(1))));
}

function monthlyInstallments({ amount, termMonths, annualRate, method, startDate }: LoanTerms): Installment[] {
  const principalFen = BigInt(toFen(amount));
  const rate = monthlyRate(annualRate);
  const payment = method === 'EQUAL_INSTALLMENT' ? equalInstallmentPaymentFen(principalFen, termMonths, rate) : 0n;
  const equalPrincipal = method === 'EQUAL_PRINCIPAL' ? roundHalfUp(ratio(principalFen, BigInt(termMonths))) : 0n;
  const installments: Installment[] = [];
  let remaining = principalFen;
  for (let number = 1; number <= termMonths; number += 1) {
    const interest = interestOn(remaining, rate);
    // INTEREST_FIRST plans no principal before the last period.
    const planned = method === 'EQUAL_INSTALLMENT' ? payment - interest : method === 'EQUAL_PRINCIPAL' ? equalPrincipal : 0n;
    const principal = number === termMonths ? remaining : clamp(planned, 0n, remaining);
    remaining -= principal;
    installments.push(installment(number, installmentDueDate(startDate, number), principal, interest, remaining));
  }
  return installments;
}

function bulletInstallments({ amount, termMonths, annualRate, startDate }: LoanTerms): Installment[] {
  const principalFen = BigInt(toFen(amount));
  const interest = roundHalfUp(times(times(whole(principalFen), annualRate), ratio(BigInt(termMonths), BigInt(monthsInYear))));
  return [installment(1, installmentDueDate(startDate, termMonths), principalFen, interest, 0n)];
}

const clamp = (value: bigint, low: bigint, high: bigint): bigint => (value < low ? low : value > high ? high : value);

function installment(number: number, dueDate: string, principal: bigint, interest: bigint, remaining: bigint): Installment {
  return {
    number,
    dueDate,
    principal: fen(principal),
    interest: fen(interest),
    total: fen(principal + interest),
    remainingPrincipal: fen(remaining),
  };
}

export const isRepaymentMethod = (method: string): method is RepaymentMethod => (repaymentMethods as readonly string[]).includes(method);
