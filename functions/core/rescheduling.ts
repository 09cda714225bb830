/**
 * Rescheduling a loan in hardship (展期 / 重组): the rules that replace the rest of a
 * schedule, pure.
 *
 * What a borrower may ask, and what a reviewer may grant:
 * - EXTEND_TERM: `months` more installments (1 to `maxExtensionMonths`, 12), the
 *   remaining principal re-amortized over the installments left plus those;
 * - PAYMENT_HOLIDAY: no installment for `months` months (1 to `maxHolidayMonths`, 3);
 *   then the installments left, re-amortized over the same count. The interest of the
 *   holiday months (the remaining principal × the monthly rate, each month rounded
 *   half-up) is owed, never capitalized (no interest on interest): it is spread over the
 *   installments after the holiday, to the fen (largest remainder, earlier first);
 * - LOWER_INSTALLMENT: an extension, the shortest (up to 12 months) whose first new
 *   installment is at most the amount the borrower can pay (`extensionForInstallment`).
 *
 * Limits (checked by `rescheduleRefusals`): once per loan; only EQUAL_INSTALLMENT,
 * EQUAL_PRINCIPAL and INTEREST_FIRST loans (a BULLET loan has nothing to re-spread);
 * the rate is never raised and stays within the legal cap (so rate plus penalty does,
 * core/penalty.ts cuts the penalty to the headroom); the whole term stays within 60
 * months; something must be left to reschedule.
 *
 * What is replaced: installments due after `today` (the reschedule's business date).
 * Installments due on or before it (paid, or overdue and still owed) stay as they are;
 * the principal outstanding after them is what the new installments repay. New due
 * dates keep the loan's day of the month (from its start date, clamped as always,
 * core/repayment-schedule.ts). The extra interest the borrower pays (new interest minus
 * the interest of the replaced installments) is shown before they accept.
 */
import { addDays } from './calendar';
import { DomainError } from './errors';
import { fen, toFen, type Money } from './money';
import { splitProRata } from './investor-split';
import { compareRatios, roundHalfUp, times, whole } from './rational';
import { buildRepaymentSchedule, installmentDueDate, maxTermMonths, monthlyRate, type Installment, type RepaymentMethod, type RepaymentSchedule } from './repayment-schedule';
import type { AnnualRate } from './rate';

export const rescheduleKinds = ['EXTEND_TERM', 'PAYMENT_HOLIDAY', 'LOWER_INSTALLMENT'] as const;
export type RescheduleKind = (typeof rescheduleKinds)[number];

export const maxExtensionMonths = 12;
export const maxHolidayMonths = 3;
export const reschedulableMethods: readonly RepaymentMethod[] = ['EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL', 'INTEREST_FIRST'];

/** What the reviewer grants: a holiday or an extension of `months`, at `annualRate` (at most the contract's). */
export interface RescheduleTerms {
  readonly kind: 'EXTEND_TERM' | 'PAYMENT_HOLIDAY';
  readonly months: number;
  readonly annualRate: AnnualRate;
}

export const rescheduleReasonCodes = [
  'ALREADY_RESCHEDULED',
  'METHOD_NOT_RESCHEDULABLE',
  'NOTHING_LEFT_TO_RESCHEDULE',
  'MONTHS_OUT_OF_RANGE',
  'TERM_ABOVE_MAXIMUM',
  'RATE_RAISED',
  'RATE_ABOVE_LEGAL_CAP',
] as const;
export type RescheduleReasonCode = (typeof rescheduleReasonCodes)[number];

export interface Rescheduling {
  /** Installments kept as they were (due on or before `today`). */
  readonly kept: readonly Installment[];
  /** The new installments, numbered on from the kept ones. */
  readonly replacement: readonly Installment[];
  /** The principal the replacement repays. */
  readonly principal: Money;
  /** Interest of the replacement minus that of the installments it replaces (negative when the rate was lowered enough). */
  readonly extraInterest: Money;
  /** The loan's term afterwards, in months from its start. */
  readonly termMonths: number;
}

const isReschedulable = (method: RepaymentMethod): boolean => reschedulableMethods.includes(method);
const replaced = (schedule: RepaymentSchedule, today: string) => schedule.installments.filter((installment) => installment.dueDate > today);

/** Every reason these terms may not replace the schedule; empty when they may. */
export function rescheduleRefusals(
  schedule: RepaymentSchedule,
  terms: RescheduleTerms,
  context: { readonly today: string; readonly alreadyRescheduled: boolean; readonly legalCap: AnnualRate },
): RescheduleReasonCode[] {
  const reasons: RescheduleReasonCode[] = [];
  if (context.alreadyRescheduled) reasons.push('ALREADY_RESCHEDULED');
  if (!isReschedulable(schedule.terms.method)) reasons.push('METHOD_NOT_RESCHEDULABLE');
  const left = replaced(schedule, context.today).length;
  if (left === 0) reasons.push('NOTHING_LEFT_TO_RESCHEDULE');
  const limit = terms.kind === 'EXTEND_TERM' ? maxExtensionMonths : maxHolidayMonths;
  if (!Number.isSafeInteger(terms.months) || terms.months < 1 || terms.months > limit) reasons.push('MONTHS_OUT_OF_RANGE');
  else if (schedule.terms.termMonths + terms.months > maxTermMonths) reasons.push('TERM_ABOVE_MAXIMUM');
  if (compareRatios(terms.annualRate, schedule.terms.annualRate) > 0) reasons.push('RATE_RAISED');
  if (compareRatios(terms.annualRate, context.legalCap) > 0) reasons.push('RATE_ABOVE_LEGAL_CAP');
  return reasons;
}

/** The schedule from `today` on under these terms (call rescheduleRefusals first: this throws RangeError on what it refuses). */
export function reschedule(schedule: RepaymentSchedule, terms: RescheduleTerms, today: string): Rescheduling {
  const { method, startDate, termMonths } = schedule.terms;
  if (!isReschedulable(method)) throw new RangeError(`a ${method} loan is not rescheduled`);
  const left = replaced(schedule, today);
  if (left.length === 0) throw new RangeError('nothing left to reschedule');
  const kept = schedule.installments.slice(0, schedule.installments.length - left.length);
  const principalFen = left.reduce((sum, installment) => sum + toFen(installment.principal), 0);
  const count = terms.kind === 'EXTEND_TERM' ? left.length + terms.months : left.length;
  const delay = terms.kind === 'PAYMENT_HOLIDAY' ? terms.months : 0;
  // Amounts do not depend on dates (a period is a month at the monthly rate): amortize, then date each installment from the loan's start.
  const amortized = buildRepaymentSchedule({ amount: fen(principalFen), termMonths: count, annualRate: terms.annualRate, method, startDate }).installments;
  const holidayInterestFen = terms.kind === 'PAYMENT_HOLIDAY' ? Number(roundHalfUp(times(whole(principalFen), monthlyRate(terms.annualRate)))) * terms.months : 0;
  const deferred = splitProRata(fen(holidayInterestFen), amortized.map((installment) => ({ id: String(installment.number), principal: fen(1) })));
  const replacement = amortized.map((installment, index) => {
    const number = kept.length + index + 1;
    const interest = toFen(installment.interest) + toFen(deferred[index]!.amount);
    return {
      number,
      dueDate: installmentDueDate(startDate, kept.length + delay + index + 1),
      principal: installment.principal,
      interest: fen(interest),
      total: fen(toFen(installment.principal) + interest),
      remainingPrincipal: installment.remainingPrincipal,
    };
  });
  const interestOf = (installments: readonly Installment[]) => installments.reduce((sum, installment) => sum + toFen(installment.interest), 0);
  return {
    kept,
    replacement,
    principal: fen(principalFen),
    extraInterest: fen(interestOf(replacement) - interestOf(left)),
    // A holiday pushes the end out by its months as an extension does.
    termMonths: termMonths + terms.months,
  };
}

/**
 * LOWER_INSTALLMENT: the shortest extension (1 to 12 months) whose first new installment
 * is at most `targetFen`; undefined when even 12 months do not bring it that low.
 */
export function extensionForInstallment(schedule: RepaymentSchedule, annualRate: AnnualRate, today: string, targetFen: number): number | undefined {
  for (let months = 1; months <= Math.min(maxExtensionMonths, maxTermMonths - schedule.terms.termMonths); months += 1) {
    const first = reschedule(schedule, { kind: 'EXTEND_TERM', months, annualRate }, today).replacement[0]!;
    if (toFen(first.total) <= targetFen) return months;
  }
  return undefined;
}

/** The reschedule breaks a limit; details carry the reason codes. */
export class RescheduleRefusedError extends DomainError {
  constructor(readonly reasons: readonly string[]) {
    super('unprocessable', `the reschedule was refused: ${reasons.join(', ')}`, reasons.map((reason) => ({ path: 'reschedule', message: reason })));
  }
}

/** The accepted reschedule as the loan records it: enough to rebuild its schedule (core/loan-schedule.ts). */
export interface RescheduleOnRecord {
  /** The business date the terms were quoted on: installments due after it are replaced. */
  readonly asOf: string;
  readonly kind: RescheduleTerms['kind'];
  readonly months: number;
  /** The annual rate afterwards, as a decimal string ("0.1"). */
  readonly annualRate: string;
}

/** Why the borrower asks (a hardship code: no free text, so nothing personal is stored or audited). */
export const rescheduleReasons = ['JOB_LOSS', 'INCOME_REDUCED', 'ILLNESS_OR_INJURY', 'BUSINESS_DOWNTURN', 'FAMILY_EMERGENCY', 'NATURAL_DISASTER', 'OTHER'] as const;
export type RescheduleReason = (typeof rescheduleReasons)[number];

/** What the borrower asks for. */
export type RescheduleWish =
  | { readonly kind: 'EXTEND_TERM' | 'PAYMENT_HOLIDAY'; readonly months: number }
  /** The most the borrower can pay an installment, in yuan ("800.00"). */
  | { readonly kind: 'LOWER_INSTALLMENT'; readonly installment: string };

/**
 * A reschedule request's life (one per loan, ever): REQUESTED by the borrower; a
 * reviewer APPROVES it with terms or REJECTS it with a reason; the borrower ACCEPTS the
 * approved terms (signing the supplementary agreement: the schedule is replaced) or
 * DECLINES them. REJECTED, ACCEPTED and DECLINED are final.
 */
export const rescheduleStatuses = ['REQUESTED', 'APPROVED', 'REJECTED', 'ACCEPTED', 'DECLINED'] as const;
export type RescheduleStatus = (typeof rescheduleStatuses)[number];

const rescheduleMoves: Readonly<Record<'APPROVE' | 'REJECT' | 'ACCEPT' | 'DECLINE', { readonly from: RescheduleStatus; readonly to: RescheduleStatus }>> = {
  APPROVE: { from: 'REQUESTED', to: 'APPROVED' },
  REJECT: { from: 'REQUESTED', to: 'REJECTED' },
  ACCEPT: { from: 'APPROVED', to: 'ACCEPTED' },
  DECLINE: { from: 'APPROVED', to: 'DECLINED' },
};
export type RescheduleMove = keyof typeof rescheduleMoves;

/** The status a move leads to; a conflict when the request is not where the move starts. */
export function planRescheduleMove(current: RescheduleStatus, move: RescheduleMove): { readonly from: RescheduleStatus; readonly to: RescheduleStatus } {
  const { from, to } = rescheduleMoves[move];
  if (current !== from) throw new DomainError('conflict', `a ${current} reschedule request cannot take ${move}`);
  return { from, to };
}

/**
 * The last business date approved terms may be accepted on: the day before the first
 * installment they replace falls due (its auto-debit runs that morning). Later, the
 * quote no longer describes the schedule: the terms have lapsed.
 */
export function acceptanceDeadline(rescheduling: Pick<Rescheduling, 'kept'>, schedule: RepaymentSchedule): string {
  const firstReplaced = schedule.installments[rescheduling.kept.length];
  if (!firstReplaced) throw new RangeError('nothing is replaced');
  return addDays(firstReplaced.dueDate, -1);
}

/**
 * How each holder's expected interest moves: their pro-rata share of the schedule's
 * interest afterwards minus their share of it before, each split to the fen by the
 * platform's rule (largest remainder over the stakes, core/investor-split.ts), so the
 * moves sum to the extra interest and each holder then expects exactly the share the
 * repayments will pay them. The principal they expect is unchanged.
 */
export function expectedInterestChanges(
  interestBeforeFen: number,
  interestAfterFen: number,
  stakes: ReadonlyArray<{ readonly investorId: string; readonly principalFen: number }>,
): Array<{ investorId: string; interestFen: number }> {
  const byStake = stakes.map((stake) => ({ id: stake.investorId, principal: fen(stake.principalFen) }));
  const before = splitProRata(fen(interestBeforeFen), byStake);
  const after = splitProRata(fen(interestAfterFen), byStake);
  return after.map((share, index) => ({ investorId: share.id, interestFen: toFen(share.amount) - toFen(before[index]!.amount) }));
}
