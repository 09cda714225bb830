/**
 * Daily overdue sweep (01:00 Asia/Shanghai; the twin: POST /_twin/schedules/overdue-sweep/run).
 *
 * Reads through the dueDates index only (functions/adapters/dynamodb/overdue-repository.ts): the
 * DUE# partitions of the last `lookbackDays` days (what has just fallen due; a missed
 * night is caught up) and the OVERDUE# shards (what is overdue). Its reads grow with
 * what is due and overdue, never with the loan book. For each loan found it
 * - marks its past-due installments OVERDUE (re-keyed to OVERDUE#) and accrues their
 *   penalty interest through today within the legal cap (functions/core/overdue.ts);
 * - ages the loan: overdueDays and overdueBucket on the loan item;
 * - opens the loan's collection case (first overdue day: reminders; 31+: legal track),
 *   escalates it, and at more than 90 days DEFAULTs the loan and records the risk
 *   reserve's decision;
 * - and clears the ageing of loans that caught up (their installments left the index;
 *   found through the OVERDUE_LOANS# markers), curing their open case, which reopens
 *   if the loan falls behind again.
 * Idempotent: every write is conditional on today's work not being done, so a second run
 * on the same day changes nothing.
 */
import { addDays, businessDate, platformTimeZone } from '../core/calendar';
import { collectionTier, daysOverdue, loanDaysOverdue, overdueBucket, unpaidFen, accruePenalty } from '../core/overdue';
import { legalRateCap } from '../core/penalty';
import { parseRate } from '../core/rate';
import { findCollectionCase, logCollectionAction, moveCollectionCase, openCollectionCase, recordCaseAgeing } from '../adapters/dynamodb/collection-repository';
import { installmentsOf } from '../adapters/dynamodb/installment-repository';
import { policy } from '../settings/settings';
import { applyLoanEvent, findLoan } from '../adapters/dynamodb/loan-repository';
import {
  clearLoanOverdue,
  installmentsDueOn,
  loansMarkedOverdue,
  markLoanOverdue,
  markOverdue,
  newReadCounter,
  overdueInstallments,
  recordLoanAgeing,
  type IndexedInstallment,
  type ReadCounter,
} from '../adapters/dynamodb/overdue-repository';
import { decideOnDefault } from '../adapters/dynamodb/risk-reserve-repository';
import { payCompensation, payOutstandingCompensations } from '../application/risk-reserve-compensation';
import { scheduledJob } from './scheduled-job';

export const lookbackDays = 7;
const servicedStatuses = new Set(['REPAYING', 'DEFAULTED', 'WRITTEN_OFF']);
const by = 'overdue-sweep';

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

/** Reads what is due and overdue through the index: the candidate installments, grouped by loan. */
export async function findPastDue(today: string, counter: ReadCounter): Promise<{ fallenDue: number; byLoan: Map<string, IndexedInstallment[]> }> {
  const days = Array.from({ length: lookbackDays }, (_, index) => addDays(today, -(index + 1)));
  const fresh = (await Promise.all(days.map((date) => installmentsDueOn(date, counter)))).flat();
  const overdue = await overdueInstallments(counter);
  const byLoan = new Map<string, IndexedInstallment[]>();
  const seen = new Set<string>();
  for (const installment of [...overdue, ...fresh]) {
    const id = `${installment.loanId}#${installment.number}`;
    if (seen.has(id) || installment.status === 'SETTLED') continue;
    seen.add(id);
    byLoan.set(installment.loanId, [...(byLoan.get(installment.loanId) ?? []), installment]);
  }
  return { fallenDue: fresh.length, byLoan };
}

export async function sweepOverdue(scheduledTime: Date, counter: ReadCounter = newReadCounter()): Promise<SweepSummary> {
  const today = businessDate(scheduledTime, platformTimeZone);
  const at = scheduledTime;
  const atIso = at.toISOString();
  const legalCap = legalRateCap(policy.loanPrimeRate(), policy.lprMultiple());
  const penaltyRate = policy.penaltyRate();
  const { fallenDue, byLoan } = await findPastDue(today, counter);
  const totals = { overdueInstallments: 0, loansOverdue: 0, installmentsUpdated: 0, penaltyAccruedFen: 0, casesOpened: 0, escalatedToLegal: 0, defaulted: 0, cured: 0 };
  const aged = new Set<string>();
  const compensations: Record<string, string> = {};

  for (const [loanId, found] of byLoan) {
    const pastDue = found.filter((installment) => daysOverdue(installment.dueDate, today) >= 1 && unpaidFen(installment) > 0).sort((a, b) => a.number - b.number);
    if (pastDue.length === 0) continue;
    const loan = await findLoan(loanId);
    if (!loan || !servicedStatuses.has(loan.status) || !loan.annualRate) continue;
    const rates = { contractRate: parseRate(loan.annualRate), penaltyRate, legalCap };
    totals.overdueInstallments += pastDue.length;
    totals.loansOverdue += 1;

    for (const installment of pastDue) {
      const accrual = accruePenalty(installment, today, rates);
      if (!accrual && installment.status === 'OVERDUE') continue;
      if (await markOverdue(installment, today, accrual, at)) {
        totals.installmentsUpdated += 1;
        totals.penaltyAccruedFen += accrual?.addedFen ?? 0;
      }
    }

    const days = loanDaysOverdue(pastDue, today);
    const bucket = overdueBucket(days);
    const tier = collectionTier(days);
    await recordLoanAgeing(loanId, today, days, bucket);
    await markLoanOverdue(loanId, today);
    aged.add(loanId);

    const existing = await findCollectionCase(loanId);
    let stage = existing?.stage;
    if (!existing) {
      const initial = tier === 'REMINDERS' ? 'REMINDERS' : 'LEGAL';
      const opened = await openCollectionCase(
        { loanId, borrowerId: loan.borrowerId, stage: initial, openedAt: atIso, updatedAt: atIso, overdueDays: days, ...(bucket ? { overdueBucket: bucket } : {}), asOf: today },
        by,
      );
      if (opened) totals.casesOpened += 1;
      stage = opened ? initial : (await findCollectionCase(loanId))?.stage;
    } else {
      await recordCaseAgeing(loanId, today, days, bucket, at);
    }
    if (stage === 'CURED') {
      // Behind again after catching up: the case reopens in the tier the days call for.
      const reopened = tier === 'REMINDERS' ? 'REMINDERS' : 'LEGAL';
      if (await moveCollectionCase(loanId, ['CURED'], reopened, { loanId, kind: 'REOPENED', at: atIso, by, detail: { overdueDays: days } })) stage = reopened;
      else stage = (await findCollectionCase(loanId))?.stage;
    }

    if ((tier === 'LEGAL' || tier === 'DEFAULT') && stage === 'REMINDERS') {
      if (await moveCollectionCase(loanId, ['REMINDERS'], 'LEGAL', { loanId, kind: 'ESCALATED_TO_LEGAL', at: atIso, by, detail: { overdueDays: days } })) totals.escalatedToLegal += 1;
      stage = 'LEGAL';
    }

    if (tier === 'DEFAULT' && (stage === 'LEGAL' || loan.status === 'REPAYING')) {
      if (loan.status === 'REPAYING') await applyLoanEvent(loanId, 'DEFAULT', at, { defaultedAt: atIso });
      const claimFen = (await installmentsOf(loanId)).filter((installment) => installment.status !== 'SETTLED').reduce((sum, installment) => sum + unpaidFen(installment), 0);
      const decision = await decideOnDefault(loanId, claimFen, at);
      if (await moveCollectionCase(loanId, ['REMINDERS', 'LEGAL'], 'DEFAULTED', { loanId, kind: 'DEFAULTED', at: atIso, by, detail: { overdueDays: days, claimFen } })) {
        totals.defaulted += 1;
        await logCollectionAction({ loanId, kind: 'RISK_RESERVE_DECISION', at: atIso, by, detail: { status: decision.status, reason: decision.reason, amountFen: decision.amountFen } });
      }
      // An APPROVED decision is paid right away (once: ../adapters/risk-reserve-compensation-service.ts); a failure is retried below, daily.
      if (decision.status === 'APPROVED') {
        try {
          compensations[loanId] = await payCompensation(loanId, at);
        } catch (error) {
          console.error(JSON.stringify({ alarm: 'RiskReservePaymentFailed', loanId, error: (error as Error).message }));
          compensations[loanId] = 'error';
        }
      }
    }
  }

  // Loans aged before that have nothing past due any more caught up: clear their ageing, cure open cases.
  for (const loanId of await loansMarkedOverdue(counter)) {
    if (aged.has(loanId)) continue;
    await clearLoanOverdue(loanId, today);
    if (await moveCollectionCase(loanId, ['REMINDERS', 'LEGAL'], 'CURED', { loanId, kind: 'CURED', at: atIso, by }, today)) totals.cured += 1;
  }
  // Risk-reserve decisions still APPROVED (a declined or busy payment) or PAYING (re-sent): retried every day.
  Object.assign(compensations, await payOutstandingCompensations(at, new Set(Object.keys(compensations))));
  return { businessDate: today, installmentsFallenDue: fallenDue, ...totals, reads: { ...counter }, ...(Object.keys(compensations).length > 0 ? { compensations } : {}) };
}

export const handler = scheduledJob('overdue-sweep', (scheduledTime) => sweepOverdue(scheduledTime));
