/**
 * Collection reminders (催收提醒), daily at 10:00 Asia/Shanghai. Finds overdue loans
 * through the OVERDUE# shards of the dueDates index and sends each loan in the 1–30 day
 * tier one SMS through the notifier, only 08:00–21:00 borrower time and at most once a
 * loan a day (core/overdue.ts reminderDecision, enforced again by a conditional claim on
 * the collection case), even when run by hand or twice at once. The message names the
 * borrower by the masked name their verification recorded (张*), nothing else personal;
 * every reminder is logged on the loan's collection case.
 */
import { businessDate, platformTimeZone, wallClock } from '../core/calendar';
import { maskedNameOf } from '../core/identity-claim';
import type { LoanRecord } from '../core/loan-lifecycle';
import { fen, formatYuan } from '../core/money';
import { daysOverdue, loanDaysOverdue, outstandingPenaltyFen, reminderDecision, reminderText, unpaidFen } from '../core/overdue';
import type { UserProfile } from '../core/users';
import type { CollectionCases } from './ports/origination-collections';
import type { IndexedInstallment, OverdueBook } from './ports/origination-overdue';

export interface ReminderMessage {
  readonly messageId: string;
  readonly recipientUserId: string;
  readonly purpose: 'COLLECTION_REMINDER';
  readonly text: string;
}

export interface CollectionReminderPorts {
  readonly overdue: Pick<OverdueBook, 'newReadCounter' | 'overdueInstallments'>;
  readonly collections: Pick<CollectionCases, 'findCollectionCase' | 'claimDailyReminder' | 'logCollectionAction'>;
  readonly loans: { findLoan(loanId: string): Promise<LoanRecord | undefined> };
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  /** The notifier (SMS), chosen when first asked. */
  readonly notifier: () => { send(message: ReminderMessage, at: Date): Promise<unknown> };
}

export async function sendReminders(ports: CollectionReminderPorts, at: Date): Promise<Record<string, unknown>> {
  const today = businessDate(at, platformTimeZone);
  const { hour, minute } = wallClock(at);
  const refused: Record<string, number> = {};
  let sent = 0;
  const counter = ports.overdue.newReadCounter();
  const byLoan = new Map<string, IndexedInstallment[]>();
  for (const installment of await ports.overdue.overdueInstallments(counter)) byLoan.set(installment.loanId, [...(byLoan.get(installment.loanId) ?? []), installment]);
  const notifier = ports.notifier();

  for (const [loanId, installments] of byLoan) {
    const pastDue = installments.filter((installment) => daysOverdue(installment.dueDate, today) >= 1);
    const days = loanDaysOverdue(pastDue, today);
    const collectionCase = await ports.collections.findCollectionCase(loanId);
    if (!collectionCase) continue;
    const decision = reminderDecision({ localHour: hour, localMinute: minute, today, daysOverdue: days, ...(collectionCase.lastReminderDate ? { lastContactDate: collectionCase.lastReminderDate } : {}) });
    if (!decision.allowed) {
      refused[decision.reason] = (refused[decision.reason] ?? 0) + 1;
      continue;
    }
    if (!(await ports.collections.claimDailyReminder(loanId, today, at))) {
      refused.ALREADY_CONTACTED_TODAY = (refused.ALREADY_CONTACTED_TODAY ?? 0) + 1;
      continue;
    }
    const loan = await ports.loans.findLoan(loanId);
    if (!loan) continue;
    const profile = await ports.profiles.find(loan.borrowerId);
    const maskedName = (profile?.verification && maskedNameOf(profile.verification.masked)) ?? '客户';
    const amountDueFen = pastDue.reduce((sum, installment) => sum + unpaidFen(installment) + outstandingPenaltyFen(installment), 0);
    const messageId = `reminder:${loanId}:${today}`;
    await notifier.send({ messageId, recipientUserId: loan.borrowerId, purpose: 'COLLECTION_REMINDER', text: reminderText(maskedName, days, formatYuan(fen(amountDueFen))) }, at);
    await ports.collections.logCollectionAction({ loanId, kind: 'REMINDER_SENT', at: at.toISOString(), by: 'collection-reminders', detail: { channel: 'sms', messageId, overdueDays: days, amountDueFen } });
    sent += 1;
  }
  return { businessDate: today, localTime: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, loansOverdue: byLoan.size, sent, refused, reads: { ...counter } };
}
