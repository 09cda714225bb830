/**
 * The daily overdue sweep (01:00 Asia/Shanghai). Reads through the dueDates index only:
 * the DUE# partitions of the days since the last completed sweep (what has just fallen
 * due: one day on a normal night, every missed night caught up; the first sweep reads
 * `lookbackDays`) and the OVERDUE# shards (what is overdue). Its reads grow with what
 * is due and overdue, never with the loan book. For each loan found it
 * - marks its past-due installments OVERDUE and accrues their penalty interest through
 *   today within the legal cap (functions/core/overdue.ts);
 * - ages the loan: overdueDays and overdueBucket on the loan item;
 * - opens the loan's collection case (first overdue day: reminders; 31+: legal track),
 *   escalates it, and at more than 90 days DEFAULTs the loan and records the risk
 *   reserve's decision, paying an APPROVED one;
 * - and clears the ageing of loans that caught up (found through the OVERDUE_LOANS#
 *   markers), curing their open case (0 days, no bucket), which reopens if the loan
 *   falls behind again.
 * Idempotent: every write is conditional on today's work not being done, so a second run
 * on the same day changes nothing.
 */
import { addDays, businessDate, platformTimeZone } from '../core/calendar';
import type { LoanEventType, LoanRecord } from '../core/loan-lifecycle';
import { accruePenalty, collectionTier, daysOverdue, loanDaysOverdue, overdueBucket, unpaidFen, type OverdueInstallment } from '../core/overdue';
import { legalRateCap } from '../core/penalty';
import { parseRate, type AnnualRate } from '../core/rate';
import type { Ratio } from '../core/rational';
import type { OperationalSignals } from './ports/operational-signals';
import type { CollectionCases } from './ports/origination-collections';
import type { IndexedInstallment, OverdueBook, ReadCounter } from './ports/origination-overdue';
import type { RateCapPolicy } from './ports/origination-policy';

export const lookbackDays = 7;
const servicedStatuses = new Set(['REPAYING', 'DEFAULTED', 'WRITTEN_OFF']);
const by = 'overdue-sweep';

/** The risk reserve at a default: its decision, and paying compensations (owned by the risk-reserve use case). */
export interface RiskReserveAtDefault {
  decideOnDefault(loanId: string, claimFen: number, at: Date): Promise<{ readonly status: string; readonly reason: string; readonly amountFen: number }>;
  /** Pays an APPROVED decision once; the payment's outcome. */
  payCompensation(loanId: string, at: Date): Promise<string>;
  /** Retries every decision still APPROVED or PAYING, except `handled`: outcome by loan. */
  payOutstandingCompensations(at: Date, handled: ReadonlySet<string>): Promise<Record<string, string>>;
}

export interface OverdueSweepPorts {
  readonly overdue: OverdueBook;
  readonly loans: {
    findLoan(loanId: string): Promise<LoanRecord | undefined>;
    applyLoanEvent(loanId: string, event: LoanEventType, at: Date, changes: Record<string, unknown>): Promise<LoanRecord>;
  };
  readonly installments: { installmentsOf(loanId: string): Promise<ReadonlyArray<OverdueInstallment & { readonly status: string }>> };
  readonly collections: CollectionCases;
  readonly riskReserve: RiskReserveAtDefault;
  readonly policy: RateCapPolicy & { penaltyRate(): Ratio };
  readonly signals: Pick<OperationalSignals, 'raise' | 'count'>;
}

export interface SweepSummary extends Record<string, unknown> {
  readonly businessDate: string;
  readonly installmentsFallenDue: number;
  readonly overdueInstallments: number;
  readonly loansOverdue: number;
  readonly installmentsUpdated: number;
  readonly penaltyAccruedFen: number;
  readonly casesOpened: number;
  readonly escalatedToLegal: number;
  readonly defaulted: number;
  readonly cured: number;
  readonly reads: ReadCounter;
}

/** The due dates a sweep on `today` reads: those after the last one swept, up to yesterday (at least yesterday). */
export function dueDatesToSweep(today: string, sweptThrough: string | undefined): string[] {
  const yesterday = addDays(today, -1);
  const first = sweptThrough === undefined ? addDays(today, -lookbackDays) : sweptThrough < yesterday ? addDays(sweptThrough, 1) : yesterday;
  const days: string[] = [];
  for (let date = first; date <= yesterday; date = addDays(date, 1)) days.push(date);
  return days;
}

/** Reads what is due and overdue through the index: the candidate installments, grouped by loan. */
export async function findPastDue(overdue: OverdueBook, days: readonly string[], counter: ReadCounter): Promise<{ fallenDue: number; byLoan: Map<string, IndexedInstallment[]> }> {
  const fresh = (await Promise.all(days.map((date) => overdue.installmentsDueOn(date, counter)))).flat();
  const found = await overdue.overdueInstallments(counter);
  const byLoan = new Map<string, IndexedInstallment[]>();
  const seen = new Set<string>();
  for (const installment of [...found, ...fresh]) {
    const id = `${installment.loanId}#${installment.number}`;
    if (seen.has(id) || installment.status === 'SETTLED') continue;
    seen.add(id);
    byLoan.set(installment.loanId, [...(byLoan.get(installment.loanId) ?? []), installment]);
  }
  return { fallenDue: fresh.length, byLoan };
}

interface SweepDay {
  readonly today: string;
  readonly at: Date;
  readonly rates: { readonly penaltyRate: Ratio; readonly legalCap: AnnualRate };
}

type Totals = { overdueInstallments: number; loansOverdue: number; installmentsUpdated: number; penaltyAccruedFen: number; casesOpened: number; escalatedToLegal: number; defaulted: number; cured: number };

export async function sweepOverdue(ports: OverdueSweepPorts, scheduledTime: Date, counter: ReadCounter = ports.overdue.newReadCounter()): Promise<SweepSummary> {
  const today = businessDate(scheduledTime, platformTimeZone);
  const day: SweepDay = { today, at: scheduledTime, rates: { penaltyRate: ports.policy.penaltyRate(), legalCap: legalRateCap(ports.policy.loanPrimeRate(), ports.policy.lprMultiple()) } };
  const days = dueDatesToSweep(today, await ports.overdue.sweptThrough(counter));
  const { fallenDue, byLoan } = await findPastDue(ports.overdue, days, counter);
  const totals: Totals = { overdueInstallments: 0, loansOverdue: 0, installmentsUpdated: 0, penaltyAccruedFen: 0, casesOpened: 0, escalatedToLegal: 0, defaulted: 0, cured: 0 };
  const aged = new Set<string>();
  const compensations: Record<string, string> = {};

  for (const [loanId, found] of byLoan) {
    if (await sweepLoan(ports, day, loanId, found, totals, compensations)) aged.add(loanId);
  }

  // Loans aged before that have nothing past due any more caught up: clear their ageing, cure open cases (0 days, no bucket).
  for (const loanId of await ports.overdue.loansMarkedOverdue(counter)) {
    if (aged.has(loanId)) continue;
    await ports.overdue.clearLoanOverdue(loanId, today);
    if (await ports.collections.moveCollectionCase(loanId, ['REMINDERS', 'LEGAL'], 'CURED', { loanId, kind: 'CURED', at: scheduledTime.toISOString(), by }, today)) totals.cured += 1;
  }
  // Risk-reserve decisions still APPROVED (a declined or busy payment) or PAYING (re-sent): retried every day.
  Object.assign(compensations, await ports.riskReserve.payOutstandingCompensations(scheduledTime, new Set(Object.keys(compensations))));
  // Only now: a sweep that failed before this point leaves its days to the next one.
  await ports.overdue.recordSweptThrough(days[days.length - 1]!);
  ports.signals.count('OverdueInstallments', totals.overdueInstallments);
  return { businessDate: today, installmentsFallenDue: fallenDue, ...totals, reads: { ...counter }, ...(Object.keys(compensations).length > 0 ? { compensations } : {}) };
}

/** One loan with installments past due: penalties, ageing, its collection case, a default. False when it is not aged (nothing past due, not serviced). */
async function sweepLoan(ports: OverdueSweepPorts, day: SweepDay, loanId: string, found: readonly IndexedInstallment[], totals: Totals, compensations: Record<string, string>): Promise<boolean> {
  const { today, at } = day;
  const atIso = at.toISOString();
  const pastDue = found.filter((installment) => daysOverdue(installment.dueDate, today) >= 1 && unpaidFen(installment) > 0).sort((a, b) => a.number - b.number);
  if (pastDue.length === 0) return false;
  const loan = await ports.loans.findLoan(loanId);
  if (!loan || !servicedStatuses.has(loan.status) || !loan.annualRate) return false;
  const rates = { contractRate: parseRate(loan.annualRate), ...day.rates };
  totals.overdueInstallments += pastDue.length;
  totals.loansOverdue += 1;

  for (const installment of pastDue) {
    const accrual = accruePenalty(installment, today, rates);
    if (!accrual && installment.status === 'OVERDUE') continue;
    if (await ports.overdue.markOverdue(installment, today, accrual, at)) {
      totals.installmentsUpdated += 1;
      totals.penaltyAccruedFen += accrual?.addedFen ?? 0;
    }
  }

  const days = loanDaysOverdue(pastDue, today);
  const bucket = overdueBucket(days);
  const tier = collectionTier(days);
  await ports.overdue.recordLoanAgeing(loanId, today, days, bucket);
  await ports.overdue.markLoanOverdue(loanId, today);

  const { collections } = ports;
  const existing = await collections.findCollectionCase(loanId);
  let stage = existing?.stage;
  if (!existing) {
    const initial = tier === 'REMINDERS' ? 'REMINDERS' : 'LEGAL';
    const opened = await collections.openCollectionCase(
      { loanId, borrowerId: loan.borrowerId, stage: initial, openedAt: atIso, updatedAt: atIso, overdueDays: days, ...(bucket ? { overdueBucket: bucket } : {}), asOf: today },
      by,
    );
    if (opened) totals.casesOpened += 1;
    stage = opened ? initial : (await collections.findCollectionCase(loanId))?.stage;
  } else {
    await collections.recordCaseAgeing(loanId, today, days, bucket, at);
  }
  if (stage === 'CURED') {
    // Behind again after catching up: the case reopens in the tier the days call for.
    const reopened = tier === 'REMINDERS' ? 'REMINDERS' : 'LEGAL';
    if (await collections.moveCollectionCase(loanId, ['CURED'], reopened, { loanId, kind: 'REOPENED', at: atIso, by, detail: { overdueDays: days } })) stage = reopened;
    else stage = (await collections.findCollectionCase(loanId))?.stage;
  }

  if ((tier === 'LEGAL' || tier === 'DEFAULT') && stage === 'REMINDERS') {
    if (await collections.moveCollectionCase(loanId, ['REMINDERS'], 'LEGAL', { loanId, kind: 'ESCALATED_TO_LEGAL', at: atIso, by, detail: { overdueDays: days } })) totals.escalatedToLegal += 1;
    stage = 'LEGAL';
  }

  if (tier === 'DEFAULT' && (stage === 'LEGAL' || loan.status === 'REPAYING')) {
    if (loan.status === 'REPAYING') await ports.loans.applyLoanEvent(loanId, 'DEFAULT', at, { defaultedAt: atIso });
    const claimFen = (await ports.installments.installmentsOf(loanId)).filter((installment) => installment.status !== 'SETTLED').reduce((sum, installment) => sum + unpaidFen(installment), 0);
    const decision = await ports.riskReserve.decideOnDefault(loanId, claimFen, at);
    if (await collections.moveCollectionCase(loanId, ['REMINDERS', 'LEGAL'], 'DEFAULTED', { loanId, kind: 'DEFAULTED', at: atIso, by, detail: { overdueDays: days, claimFen } })) {
      totals.defaulted += 1;
      await collections.logCollectionAction({ loanId, kind: 'RISK_RESERVE_DECISION', at: atIso, by, detail: { status: decision.status, reason: decision.reason, amountFen: decision.amountFen } });
    }
    // An APPROVED decision is paid right away (once: the risk-reserve compensation use case); a failure is retried daily.
    if (decision.status === 'APPROVED') {
      try {
        compensations[loanId] = await ports.riskReserve.payCompensation(loanId, at);
      } catch (error) {
        ports.signals.raise('RiskReservePaymentFailed', { loanId, error: (error as Error).message });
        compensations[loanId] = 'error';
      }
    }
  }
  return true;
}
