/**
 * Notices on the twin, through HTTP and the twin's clock: a two-month loan with two
 * investors. The reminder three days before each due date reaches the borrower once and
 * never in quiet hours (one made at 07:00 waits for 08:00); each investor gets one notice
 * per distribution; the inbox counts unread notices and mark-read lowers the count once;
 * nobody reads or marks another user's notices (404).
 */
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { addDays } from '../../functions/core/calendar';
import { isQuietHour, noticeIdOf } from '../../functions/core/notices';
import { depositConfirmed, signedIn } from '../support/custody';
import { twinWithClientsForThisFile } from '../support/listings';
import { advanceClock, everyScheduleBut, installmentItems, legSafeTerms, repayingLoan, setSchedulesState } from '../support/servicing';
import { eventually, json } from '../support/twin-process';

jest.setTimeout(240_000);
const clients = twinWithClientsForThisFile();
const twin = () => clients.twin;
const documents = () => clients.documents;
const sfn = () => clients.sfn;
// The walks examine the notices schedule only: the other daily jobs are DISABLED, as EventBridge Scheduler disables one.
beforeAll(() => setSchedulesState(clients.twin, everyScheduleBut('notices'), 'DISABLED'));

interface OutboxMessage {
  readonly messageId: string;
  readonly recipientUserId: string;
  readonly purpose: string;
  readonly channel: string;
  readonly text: string;
  readonly sentAt: string;
}

const outbox = async (): Promise<OutboxMessage[]> => (await json(`${twin().apiUrl}/_twin/outbox`)).body.messages;
const shanghai = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();
const fenOf = (yuan: string) => Math.round(Number(yuan) * 100);

test('reminders three days before each due date once, never in quiet hours; one notice per distribution per investor; the inbox and mark-read; nobody else’s notices', async () => {
  const loan = await repayingLoan(twin(), documents(), sfn(), { investors: 2, termMonths: 2, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 2, minAmountFen: 400_000 }) });
  const [first, second] = loan.installments as [Record<string, any>, Record<string, any>];
  // Tokens last an hour on the twin's clock: a fresh one for each step.
  const me = () => signedIn(twin(), loan.borrower.userId, ['borrower', 'investor']);
  const borrower = {
    get: async (path: string) => (await me()).get(path),
    post: async (path: string, body: unknown) => (await me()).post(path, body),
    token: async () => (await me()).token,
  };
  const owed = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  const available = fenOf((await borrower.get('/v1/me/account')).body.available);
  if (owed + 10_000 > available) await depositConfirmed(await me(), `${Math.ceil((owed + 10_000 - available) / 100) + 1}.00`);
  const reminders = async (number: number) => (await outbox()).filter((message) => message.purpose === 'DUE_REMINDER' && message.messageId.startsWith(noticeIdOf('DUE_REMINDER', loan.loanId, number, loan.installments[number - 1]!.dueDate)));

  // The borrower heard of the disbursement; each investor that their investment started.
  const inbox = await eventually(async () => {
    const page = (await borrower.get('/v1/me/notifications')).body;
    return page.items?.some((item: { kind: string }) => item.kind === 'LOAN_DISBURSED') ? page : undefined;
  }, 'the disbursement notice');
  expect(inbox.items.find((item: { kind: string }) => item.kind === 'LOAN_DISBURSED')).toMatchObject({ loanId: loan.loanId, read: false, text: expect.stringContaining('已放款') });

  // Four days before the first due date nothing is reminded; three days before, the 08:00 run reminds once.
  await advanceClock(twin(), { set: shanghai(addDays(first.dueDate, -4), '12:00') });
  expect(await reminders(1)).toEqual([]);
  await advanceClock(twin(), { set: shanghai(addDays(first.dueDate, -3), '12:00') });
  const [firstReminder, ...again] = await eventually(async () => ((await reminders(1)).length > 0 ? reminders(1) : undefined), 'the first reminder');
  expect(again).toEqual([]);
  expect(firstReminder).toMatchObject({ recipientUserId: loan.borrower.userId, channel: 'sms', sentAt: shanghai(addDays(first.dueDate, -3), '08:00') });
  expect(firstReminder!.text).toContain(first.dueDate);
  expect(firstReminder!.text).not.toMatch(/\d{11,}/);

  // The due date: the auto-debit pays both investors, one notice each for the distribution.
  await advanceClock(twin(), { set: shanghai(first.dueDate, '12:00') });
  await eventually(async () => ((await installmentItems(twin(), documents(), loan.loanId))[0]?.status === 'SETTLED' ? true : undefined), 'the first installment to settle', 40_000);
  for (const { who } of loan.investors) {
    const investor = await signedIn(twin(), who.userId, ['investor']);
    const received = await eventually(async () => {
      const items = (await investor.get('/v1/me/notifications')).body.items.filter((item: { kind: string }) => item.kind === 'REPAYMENT_RECEIVED');
      return items.length > 0 ? items : undefined;
    }, 'the repayment notice');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ loanId: loan.loanId, text: expect.stringMatching(/^您投资的借款（\w{6}）回款 ¥\d+\.\d{2} 已到账。$/) });
  }

  // Three days before the second due date, at 07:00 (quiet hours), someone runs the schedule by hand: the reminder is
  // in the inbox at once but its SMS waits for 08:00, when the scheduled run sends it; the hand run again adds nothing.
  await advanceClock(twin(), { set: shanghai(addDays(second.dueDate, -3), '07:00') });
  const early = (await json(`${twin().apiUrl}/_twin/schedules/notices/run`, { method: 'POST' })).body;
  expect(early.outcome.summary).toMatchObject({ dueDate: second.dueDate, reminders: 1, remindersDeferred: 1 });
  expect(await reminders(2)).toEqual([]);
  expect((await borrower.get('/v1/me/notifications')).body.items.filter((item: { kind: string }) => item.kind === 'DUE_REMINDER')).toHaveLength(2);
  await advanceClock(twin(), { set: shanghai(addDays(second.dueDate, -3), '09:00') });
  const [secondReminder, ...twice] = await eventually(async () => ((await reminders(2)).length > 0 ? reminders(2) : undefined), 'the second reminder');
  expect(twice).toEqual([]);
  expect(secondReminder!.sentAt).toBe(shanghai(addDays(second.dueDate, -3), '08:00'));
  await advanceClock(twin(), { set: shanghai(second.dueDate, '12:00') });
  await eventually(async () => ((await installmentItems(twin(), documents(), loan.loanId))[1]?.status === 'SETTLED' ? true : undefined), 'the second installment to settle', 40_000);

  // Every reminder and distribution notice went once, none in quiet hours.
  const sent = (await outbox()).filter((message) => ['DUE_REMINDER', 'REPAYMENT_RECEIVED'].includes(message.purpose));
  expect(sent.filter((message) => message.purpose === 'DUE_REMINDER')).toHaveLength(2);
  expect(sent.filter((message) => message.purpose === 'REPAYMENT_RECEIVED')).toHaveLength(2 * loan.investors.length);
  expect(new Set(sent.map((message) => message.messageId)).size).toBe(sent.length);
  expect(sent.filter((message) => isQuietHour(new Date(message.sentAt)))).toEqual([]);

  // The inbox: mark one read, the unread count falls once; again, no change.
  const page = (await borrower.get('/v1/me/notifications?limit=100')).body;
  expect(page.unreadCount).toBe(page.items.length);
  const reminder = page.items.find((item: { kind: string }) => item.kind === 'DUE_REMINDER');
  const read = await borrower.post(`/v1/me/notifications/${reminder.id}/read`, {});
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ notice: { id: reminder.id, read: true }, unreadCount: page.unreadCount - 1 });
  expect((await borrower.post(`/v1/me/notifications/${reminder.id}/read`, {})).body.unreadCount).toBe(page.unreadCount - 1);
  expect((await borrower.get('/v1/me/notifications')).body.unreadCount).toBe(page.unreadCount - 1);

  // Another user cannot mark it, nor see it; an id that names nothing is a 404 too.
  const investor = await signedIn(twin(), loan.investors[0]!.who.userId, ['investor']);
  const other = page.items.find((item: { read: boolean; id: string }) => !item.read && item.id !== reminder.id);
  const refused = await investor.post(`/v1/me/notifications/${other.id}/read`, {});
  expect(refused.status).toBe(404);
  expect((await borrower.get('/v1/me/notifications')).body.unreadCount).toBe(page.unreadCount - 1);
  expect((await investor.get('/v1/me/notifications?limit=100')).body.items.map((item: { id: string }) => item.id)).not.toContain(other.id);
  expect((await investor.post(`/v1/me/notifications/ntc_${'0'.repeat(32)}/read`, {})).status).toBe(404);

  // English when asked.
  const english = (await json(`${twin().apiUrl}/v1/me/notifications`, { headers: { authorization: `Bearer ${await borrower.token()}`, 'accept-language': 'en-GB' } })).body.items.find((item: { kind: string }) => item.kind === 'DUE_REMINDER');
  expect(english.text).toMatch(/^Reminder: installment \d of your loan/);
});

test('preferences: defaults, a change read back, a bad document refused', async () => {
  const user = await signedIn(twin(), `prefs-${Date.now()}`, ['investor']);
  const put = (body: unknown) =>
    json(`${twin().apiUrl}/v1/me/notification-preferences`, { method: 'PUT', headers: { authorization: `Bearer ${user.token}`, 'idempotency-key': `key-${randomUUID()}` }, body: JSON.stringify(body) });
  expect((await user.get('/v1/me/notification-preferences')).body).toEqual({
    language: 'zh',
    channels: { account: { sms: true, email: false }, loan: { sms: true, email: false }, repayment: { sms: true, email: false }, investment: { sms: true, email: false }, funds: { sms: true, email: false } },
    inApp: true,
  });
  const saved = await put({ language: 'en', channels: { investment: { sms: false, email: true } } });
  expect(saved).toMatchObject({ status: 200 });
  expect(saved.body).toMatchObject({ language: 'en', channels: { investment: { sms: false, email: true }, funds: { sms: true, email: false } } });
  expect((await user.get('/v1/me/notification-preferences')).body).toEqual(saved.body);
  expect((await put({ channels: { investment: { sms: 'yes' } } })).status).toBe(400);
  expect((await put({ language: 'fr' })).status).toBe(400);
});
