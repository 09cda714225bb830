/**
 * The composition of the servicing operations origination owns: the overdue sweep and
 * the collection reminders over the real overdue book, loans, collection cases, risk
 * reserve and notifier. Exported bound, as the schedules (and tests) call them.
 */
import { sweepOverdue as sweep, type OverdueSweepPorts, type RiskReserveAtDefault, type SweepSummary } from '../application/overdue-sweep';
import { sendReminders as remind, type CollectionReminderPorts } from '../application/collection-reminders';
import type { ReadCounter } from '../application/ports/origination-overdue';
import type { RescheduleQuotePorts } from '../application/reschedule-quote';
import { payCompensation, payOutstandingCompensations } from '../application/risk-reserve-compensation';
import * as overdueRepository from '../adapters/dynamodb/overdue-repository';
import * as collectionRepository from '../adapters/dynamodb/collection-repository';
import { installmentsOf } from '../adapters/dynamodb/installment-repository';
import { applyLoanEvent, findLoan } from '../adapters/dynamodb/loan-repository';
import { decideOnDefault } from '../adapters/dynamodb/risk-reserve-repository';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import { configuredNotifier } from '../adapters/notifier/notifier';
import { policy } from '../settings/settings';
import { compensation } from './money';
import { signals } from './observability';

/** The risk reserve at a default; its two payment calls are the risk-reserve compensation use case's (money). */
const riskReserve: RiskReserveAtDefault = {
  decideOnDefault,
  payCompensation: (loanId, at) => payCompensation(compensation, loanId, at),
  payOutstandingCompensations: (at, handled) => payOutstandingCompensations(compensation, at, handled),
};

export const overdueSweep: OverdueSweepPorts = {
  overdue: overdueRepository,
  loans: { findLoan, applyLoanEvent },
  installments: { installmentsOf },
  collections: collectionRepository,
  riskReserve,
  policy,
  signals,
};

export const collectionReminders: CollectionReminderPorts = {
  overdue: overdueRepository,
  collections: collectionRepository,
  loans: { findLoan },
  profiles: { find: findUserProfile },
  notifier: configuredNotifier,
};

export const sweepOverdue = (scheduledTime: Date, counter?: ReadCounter): Promise<SweepSummary> => sweep(overdueSweep, scheduledTime, counter);

export const sendReminders = (at: Date): Promise<Record<string, unknown>> => remind(collectionReminders, at);

/** What a reschedule quote reads: the loan, and the rate cap's policy values. */
export const rescheduleQuote: RescheduleQuotePorts = { loans: { find: findLoan }, policy };
