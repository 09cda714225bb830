/**
 * Early full repayment (提前结清): the borrower pays off the whole loan before its last
 * due date, without penalty. The amount is
 *   remaining principal + interest accrued since the last due date on or before the
 *   repayment date (or since the start date when no due date has passed yet),
 * with that interest computed by the day, actual/365:
 *   remaining principal × annual rate × days / 365, rounded half-up to the fen once.
 * The remaining principal is the schedule's remainingPrincipal after the last passed
 * installment (the full amount before the first). Installments already due are assumed
 * settled; overdue ones are collected first through repayment allocation. Repaying on a
 * due date means that day's installment is the last passed one: zero days accrue.
 * On or after the final due date nothing remains and the quote is zero.
 */
import { accruedInterest, daysBetween } from './day-count';
import { plusMoney, type Money } from './money';
import type { RepaymentSchedule } from './repayment-schedule';

export interface EarlyRepaymentQuote {
  readonly repaymentDate: string;
  /** The date interest accrues from: the last passed due date, or the start date. */
  readonly accruedSince: string;
  readonly days: number;
  readonly remainingPrincipal: Money;
  readonly accruedInterest: Money;
  /** remainingPrincipal + accruedInterest: what settles the loan. */
  readonly total: Money;
  /** How many installments had fallen due by the repayment date. */
  readonly installmentsPassed: number;
}

export function quoteEarlyRepayment(schedule: RepaymentSchedule, repaymentDate: string): EarlyRepaymentQuote {
  const { amount, annualRate, startDate } = schedule.terms;
  if (daysBetween(startDate, repaymentDate) < 0) throw new RangeError(`repayment date ${repaymentDate} is before the start date ${startDate}`);
  const passed = schedule.installments.filter((installment) => daysBetween(installment.dueDate, repaymentDate) >= 0);
  const last = passed.at(-1);
  const accruedSince = last?.dueDate ?? startDate;
  const remainingPrincipal = last?.remainingPrincipal ?? amount;
  const days = daysBetween(accruedSince, repaymentDate);
  const interest = accruedInterest(remainingPrincipal, annualRate, days);
  return {
    repaymentDate,
    accruedSince,
    days,
    remainingPrincipal,
    accruedInterest: interest,
    total: plusMoney(remainingPrincipal, interest),
    installmentsPassed: passed.length,
  };
}
