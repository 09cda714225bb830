/**
 * Overdue handling (逾期管理), pure: how many days an installment is overdue, the
 * loan's bucket, penalty interest (罚息) accrued day by day within the legal cap, the
 * collection tier and the contact policy for reminders. No clock, no I/O: the sweep
 * (functions/schedules/overdue-sweep.ts) passes the business date.
 *
 * Conventions:
 * - An installment due on D is payable through D. On business date T (Asia/Shanghai)
 *   it is overdue by daysBetween(D, T) days when that is ≥ 1 and it is unpaid.
 * - A loan's overdue days are those of its oldest unpaid installment.
 * - Buckets: 1–30, 31–60, 61–90, 90+ (91 days and more). 31+ days: legal track.
 *   More than 90 days: the loan defaults (违约).
 * - Penalty interest accrues on the unpaid amount (principal + interest − paid principal −
 *   paid interest), actual/365, at min(penalty rate, cap − contract rate), so contract
 *   rate + penalty rate never exceed the legal cap (4 × LPR). It accrues for the days
 *   after penaltyAccruedThrough up to T (idempotent per day). While the unpaid amount is
 *   unchanged, the penalty of a span is computed over the whole span and rounded once
 *   (a span restarts when a partial repayment changes the unpaid amount), so daily
 *   sweeps and one sweep after many days give the same figure.
 */
import { daysBetween } from './day-count';
import { fen, toFen } from './money';
import { penaltyInterest, type PenaltyRates } from './penalty';

export const overdueBuckets = ['1-30', '31-60', '61-90', '90+'] as const;
export type OverdueBucket = (typeof overdueBuckets)[number];

/** More than this many days overdue, the loan defaults. */
export const defaultAfterDays = 90;
/** From this many days overdue, the loan is on the legal track (法律催收). */
export const legalTrackFromDays = 31;

export type CollectionTier = 'REMINDERS' | 'LEGAL' | 'DEFAULT';

/** Days `dueDate` is overdue on business date `today` (0 when not yet overdue). */
export function daysOverdue(dueDate: string, today: string): number {
  return Math.max(0, daysBetween(dueDate, today));
}

export function overdueBucket(days: number): OverdueBucket | undefined {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`not a number of days: ${days}`);
  if (days === 0) return undefined;
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= defaultAfterDays) return '61-90';
  return '90+';
}

export function collectionTier(days: number): CollectionTier | undefined {
  if (days <= 0) return undefined;
  if (days > defaultAfterDays) return 'DEFAULT';
  if (days >= legalTrackFromDays) return 'LEGAL';
  return 'REMINDERS';
}

/** The installment fields overdue handling reads (fen; absent paid/penalty = 0). */
export interface OverdueInstallment {
  readonly number: number;
  readonly dueDate: string;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly paidPrincipalFen?: number;
  readonly paidInterestFen?: number;
  readonly paidPenaltyFen?: number;
  readonly penaltyFen?: number;
  readonly penaltyAccruedThrough?: string;
  /** The current span of constant unpaid amount: its start date, the unpaid amount and the penalty accrued before it. */
  readonly penaltySpan?: PenaltySpan;
}

export interface PenaltySpan {
  readonly from: string;
  readonly unpaidFen: number;
  readonly baseFen: number;
}

/** principal + interest − paid principal − paid interest. */
export function unpaidFen(installment: OverdueInstallment): number {
  return installment.principalFen + installment.interestFen - (installment.paidPrincipalFen ?? 0) - (installment.paidInterestFen ?? 0);
}

/** penaltyFen − paidPenaltyFen. */
export function outstandingPenaltyFen(installment: OverdueInstallment): number {
  return (installment.penaltyFen ?? 0) - (installment.paidPenaltyFen ?? 0);
}

export interface PenaltyAccrual {
  /** The installment's accrued penalty after this accrual (cumulative, fen). */
  readonly penaltyFen: number;
  readonly penaltyAccruedThrough: string;
  readonly penaltySpan: PenaltySpan;
  /** What this accrual added (fen). */
  readonly addedFen: number;
}

/**
 * The penalty accrued through `today`; undefined when there is nothing to do: not
 * overdue yet, nothing unpaid, or already accrued through today (a second run on the
 * same day changes nothing).
 */
export function accruePenalty(installment: OverdueInstallment, today: string, rates: PenaltyRates): PenaltyAccrual | undefined {
  if (daysOverdue(installment.dueDate, today) < 1) return undefined;
  const through = installment.penaltyAccruedThrough ?? installment.dueDate;
  if (daysBetween(through, today) <= 0) return undefined;
  const unpaid = unpaidFen(installment);
  if (unpaid <= 0) return undefined;
  const current = installment.penaltyFen ?? 0;
  // A span continues while the unpaid amount is what it was when the span began.
  const span: PenaltySpan =
    installment.penaltySpan && installment.penaltySpan.unpaidFen === unpaid && installment.penaltyAccruedThrough !== undefined
      ? installment.penaltySpan
      : { from: through, unpaidFen: unpaid, baseFen: current };
  const penaltyFen = span.baseFen + toFen(penaltyInterest(fen(unpaid), daysBetween(span.from, today), rates));
  return { penaltyFen, penaltyAccruedThrough: today, penaltySpan: span, addedFen: penaltyFen - current };
}

/** A loan's overdue days: those of its oldest installment with anything unpaid that is past due. */
export function loanDaysOverdue(installments: readonly OverdueInstallment[], today: string): number {
  let days = 0;
  for (const installment of installments) {
    if (unpaidFen(installment) <= 0 && outstandingPenaltyFen(installment) <= 0) continue;
    days = Math.max(days, daysOverdue(installment.dueDate, today));
  }
  return days;
}

// ---- Contact policy (催收联系): reminders only 08:00–21:00 borrower time, at most one per loan per day ----

export const contactHours = { from: 8, until: 21 } as const;

export type ContactDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'OUTSIDE_HOURS' | 'ALREADY_CONTACTED_TODAY' | 'NOT_IN_REMINDER_TIER' };

/**
 * `localHour`/`localMinute`: the borrower's wall-clock time (Asia/Shanghai); `today` their
 * date; `lastContactDate` the date of the loan's last reminder, if any. 21:00 itself is
 * already outside the window.
 */
export function reminderDecision(input: { readonly localHour: number; readonly localMinute: number; readonly today: string; readonly lastContactDate?: string; readonly daysOverdue: number }): ContactDecision {
  const { localHour, today, lastContactDate } = input;
  if (localHour < contactHours.from || localHour >= contactHours.until) return { allowed: false, reason: 'OUTSIDE_HOURS' };
  if (collectionTier(input.daysOverdue) !== 'REMINDERS') return { allowed: false, reason: 'NOT_IN_REMINDER_TIER' };
  if (lastContactDate !== undefined && lastContactDate >= today) return { allowed: false, reason: 'ALREADY_CONTACTED_TODAY' };
  return { allowed: true };
}

/** The reminder's text: the masked name, the days and the amount due; never any other personal data. */
export function reminderText(maskedName: string, days: number, amountDueYuan: string): string {
  return `【网贷平台】${maskedName}您好，您的借款已逾期${days}天，应还金额${amountDueYuan}元（含罚息），请尽快还款。如已还款请忽略。`;
}
