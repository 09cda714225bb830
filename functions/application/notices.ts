/**
 * Notices to users (docs/domain/notices.md): recorded once in the user's in-app inbox,
 * then sent by SMS and email as the user's preferences say, at once or, when not urgent
 * and in quiet hours (21:00–08:00 Shanghai), by the daily `notices` schedule at 08:00.
 *
 * - `recordNoticesOfChanges`: the stream consumer `notices` (notice-sources.ts says which
 *   change makes which notice);
 * - `runNoticeSchedule`: the daily schedule, 08:00 Asia/Shanghai: the reminder three days
 *   before each due date, and the notices quiet hours held back;
 * - the inbox and the preferences (GET /v1/me/notifications, POST …/{id}/read,
 *   GET/PUT /v1/me/notification-preferences).
 *
 * Once each: a notice's id is a digest of its fact, recorded on the condition it is new;
 * each channel is sent under the message id `{noticeId}:{channel}` (the outbox keeps one
 * message per id) and marked sent on the notice, so a redelivery sends nothing again. A
 * crash between sending and marking sends that channel again on the retry, under the same
 * message id (the delivery service de-duplicates by it).
 */
import { addDays, businessDate, platformTimeZone } from '../core/calendar';
import { fen, formatYuan } from '../core/money';
import {
  categoryOf,
  channelsFor,
  deliveryTime,
  dueReminderDays,
  effectivePreferences,
  languageFor,
  loanRef,
  noticeIdOf,
  noticeLanguages,
  renderNotice,
  type NoticeLanguage,
  type NoticePreferences,
} from '../core/notices';
import { unpaidFen } from '../core/overdue';
import { noticesOfChange, type NoticeDraft, type NoticeSourceLookups, type TableChange } from './notice-sources';
import type { NoticeNotifier, NoticeStore, StoredNotice, StoredNoticePreferences } from './ports/notices';
import type { IndexedInstallment, ReadCounter } from './ports/origination-overdue';
import type { OperationalSignals } from './ports/operational-signals';

export interface NoticePorts {
  readonly store: NoticeStore;
  /** The notifier (SMS, email), chosen when first asked. */
  readonly notifier: () => NoticeNotifier;
  readonly lookups: NoticeSourceLookups;
  readonly dueBook: { newReadCounter(): ReadCounter; installmentsDueOn(date: string, counter: ReadCounter): Promise<IndexedInstallment[]> };
  readonly signals: Pick<OperationalSignals, 'logError'>;
}

/** A user's stored preferences: read one at a time, or from those read together for a change's notices. */
type PreferencesOf = (userId: string) => Promise<StoredNoticePreferences | undefined>;

/** Sends the notice on each channel the user's preferences name and it was not sent on yet; the count sent. */
async function sendChannels(ports: NoticePorts, notice: StoredNotice, at: Date, preferencesOf: PreferencesOf = (userId) => ports.store.preferences(userId)): Promise<number> {
  const preferences = effectivePreferences(await preferencesOf(notice.userId));
  let sent = 0;
  for (const channel of channelsFor(notice.kind, preferences)) {
    if (notice.sent?.[channel]) continue;
    const text = renderNotice(notice.kind, notice.params, preferences.language);
    await ports.notifier().send({ messageId: `${notice.noticeId}:${channel}`, recipientUserId: notice.userId, purpose: notice.kind, channel, text }, at);
    if (await ports.store.markSent(notice.noticeId, channel, at)) sent += 1;
  }
  return sent;
}

/**
 * Records a notice once and sends it now, or queues it until quiet hours end. A notice whose
 * text would carry unmasked or missing data is not made (logged): it must neither block the
 * stream nor break the inbox.
 */
export async function deliverNotice(ports: NoticePorts, draft: NoticeDraft, at: Date, preferencesOf?: PreferencesOf): Promise<{ created: boolean; sent: number; deferredUntil?: string; refused?: true }> {
  try {
    for (const language of noticeLanguages) renderNotice(draft.kind, draft.params, language);
  } catch (error) {
    ports.signals.logError('notice not made: its text would carry unmasked or missing data', { kind: draft.kind, noticeId: draft.noticeId, error: (error as Error).message });
    return { created: false, sent: 0, refused: true };
  }
  const when = deliveryTime(draft.kind, at);
  const deferred = when.getTime() > at.getTime();
  const { created, notice } = await ports.store.record({
    noticeId: draft.noticeId,
    userId: draft.userId,
    kind: draft.kind,
    category: categoryOf(draft.kind),
    params: draft.params,
    createdAt: draft.occurredAt,
    ...(draft.loanId ? { loanId: draft.loanId } : {}),
    ...(deferred ? { deliverAfter: when.toISOString() } : {}),
    sent: {},
  });
  // Queued (now or when first recorded): the schedule sends it, or has sent it.
  if (notice.deliverAfter) return { created, sent: 0, deferredUntil: notice.deliverAfter };
  return { created, sent: await sendChannels(ports, notice, at, preferencesOf) };
}

/** A stream record as the consumer receives it, reduced to the item change (see the entry point). */
export interface NoticeStreamRecord {
  readonly sequenceNumber: string;
  readonly change: TableChange | undefined;
}

/** The stream consumer: the notices of each change, in order; the first record that fails comes again with those after it. */
export async function recordNoticesOfChanges(ports: NoticePorts, records: readonly NoticeStreamRecord[], at: Date): Promise<{ redeliverFrom?: string; notices: number }> {
  let notices = 0;
  for (const record of records) {
    if (!record.change) continue;
    try {
      const drafts = await noticesOfChange(record.change, ports.lookups, at);
      // A repayment's change makes a notice per investor: their preferences are read together.
      const preferencesOf = drafts.length > 1 ? knownPreferences(await ports.store.preferencesOf(drafts.map((draft) => draft.userId))) : undefined;
      for (const draft of drafts) {
        if (!(await deliverNotice(ports, draft, at, preferencesOf)).refused) notices += 1;
      }
    } catch (error) {
      ports.signals.logError('notices: a change not handled; it and those after it come again', { sequenceNumber: record.sequenceNumber, error: (error as Error).message });
      return { redeliverFrom: record.sequenceNumber, notices };
    }
  }
  return { notices };
}

const knownPreferences = (stored: ReadonlyMap<string, StoredNoticePreferences>): PreferencesOf => async (userId) => stored.get(userId);

/** The reminder of an installment due in three days. */
function dueReminder(installment: IndexedInstallment, borrowerId: string, at: Date): NoticeDraft {
  return {
    noticeId: noticeIdOf('DUE_REMINDER', installment.loanId, installment.number, installment.dueDate),
    userId: borrowerId,
    kind: 'DUE_REMINDER',
    params: { loanRef: loanRef(installment.loanId), number: String(installment.number), dueDate: installment.dueDate, amount: formatYuan(fen(unpaidFen(installment))) },
    loanId: installment.loanId,
    occurredAt: at.toISOString(),
  };
}

/**
 * The daily schedule (08:00 Asia/Shanghai): reminders for the installments due in
 * `dueReminderDays` days (still unpaid), then the queued notices whose time has come.
 */
export async function runNoticeSchedule(ports: NoticePorts, at: Date): Promise<Record<string, unknown>> {
  const dueDate = addDays(businessDate(at, platformTimeZone), dueReminderDays);
  const counter = ports.dueBook.newReadCounter();
  let reminders = 0;
  let remindersDeferred = 0;
  for (const installment of await ports.dueBook.installmentsDueOn(dueDate, counter)) {
    if (installment.status !== 'DUE' || unpaidFen(installment) <= 0) continue;
    const borrowerId = await ports.lookups.borrowerOf(installment.loanId);
    if (!borrowerId) continue;
    const outcome = await deliverNotice(ports, dueReminder(installment, borrowerId, at), at);
    if (outcome.created) reminders += 1;
    if (outcome.deferredUntil) remindersDeferred += 1;
  }
  let released = 0;
  for (const notice of await ports.store.queuedUntil(at)) {
    await sendChannels(ports, notice, at);
    await ports.store.dequeue(notice);
    released += 1;
  }
  return { dueDate, reminders, remindersDeferred, released, reads: { ...counter } };
}

/** A notice as its owner reads it: the text in their language. */
export interface InboxNotice {
  readonly notice: StoredNotice;
  readonly text: string;
}

export async function inboxPage(ports: Pick<NoticePorts, 'store'>, userId: string, query: { limit: number; cursor?: string | undefined; acceptLanguage?: string | undefined }) {
  const [page, unreadCount, stored] = await Promise.all([ports.store.listNotices(userId, query.limit, query.cursor), ports.store.unreadCount(userId), ports.store.preferences(userId)]);
  const language = languageFor(query.acceptLanguage, effectivePreferences(stored).language);
  return { items: page.items.map((notice) => inboxNotice(notice, language)), unreadCount, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

const inboxNotice = (notice: StoredNotice, language: NoticeLanguage): InboxNotice => ({ notice, text: renderNotice(notice.kind, notice.params, language) });

/** Marks one of the caller's notices read; undefined when they have no such notice (404, whoever else's it is). */
export async function markNoticeRead(ports: Pick<NoticePorts, 'store'>, userId: string, noticeId: string, acceptLanguage: string | undefined, at: Date): Promise<{ notice: InboxNotice; unreadCount: number } | undefined> {
  const notice = await ports.store.markRead(userId, noticeId, at);
  if (!notice) return undefined;
  const language = languageFor(acceptLanguage, effectivePreferences(await ports.store.preferences(userId)).language);
  return { notice: inboxNotice(notice, language), unreadCount: await ports.store.unreadCount(userId) };
}

export async function noticePreferences(ports: Pick<NoticePorts, 'store'>, userId: string): Promise<NoticePreferences> {
  return effectivePreferences(await ports.store.preferences(userId));
}

/** Replaces the caller's preferences (what the body leaves out keeps its default); the effective preferences. */
export async function saveNoticePreferences(ports: Pick<NoticePorts, 'store'>, userId: string, preferences: StoredNoticePreferences, at: Date): Promise<NoticePreferences> {
  await ports.store.savePreferences(userId, { ...(preferences.language ? { language: preferences.language } : {}), ...(preferences.channels ? { channels: preferences.channels } : {}) }, at);
  return effectivePreferences(preferences);
}
