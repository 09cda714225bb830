/**
 * Notices over in-memory ports: which change makes which notice, once each under
 * redelivery; quiet hours hold SMS back until the 08:00 schedule; preferences choose the
 * channels; the reminder three days before a due date; read marks only the owner's.
 */
import { deliverNotice, markNoticeRead, recordNoticesOfChanges, runNoticeSchedule, type NoticePorts } from '../../../functions/application/notices';
import type { NoticeMessage, NoticeStore, StoredNotice, StoredNoticePreferences } from '../../../functions/application/ports/notices';
import type { IndexedInstallment } from '../../../functions/application/ports/origination-overdue';
import { noticeIdOf, renderNotice } from '../../../functions/core/notices';

const renderText = (notice: StoredNotice) => renderNotice(notice.kind, notice.params, 'zh');

function world(options: { dueOn?: Record<string, IndexedInstallment[]> } = {}) {
  const notices = new Map<string, StoredNotice>();
  const unread = new Map<string, number>();
  const queue = new Set<string>();
  const preferences = new Map<string, StoredNoticePreferences>();
  const outbox = new Map<string, NoticeMessage & { at: string }>();
  const store: NoticeStore = {
    async record(notice) {
      const stored = notices.get(notice.noticeId);
      if (stored) return { created: false, notice: stored };
      notices.set(notice.noticeId, notice);
      unread.set(notice.userId, (unread.get(notice.userId) ?? 0) + 1);
      if (notice.deliverAfter) queue.add(notice.noticeId);
      return { created: true, notice };
    },
    async markSent(noticeId, channel, at) {
      const notice = notices.get(noticeId)!;
      if (notice.sent?.[channel]) return false;
      notices.set(noticeId, { ...notice, sent: { ...notice.sent, [channel]: at.toISOString() } });
      return true;
    },
    async queuedUntil(at) {
      return [...queue].map((id) => notices.get(id)!).filter((notice) => Date.parse(notice.deliverAfter!) <= at.getTime());
    },
    async dequeue(notice) {
      queue.delete(notice.noticeId);
    },
    async listNotices(userId) {
      return { items: [...notices.values()].filter((notice) => notice.userId === userId) };
    },
    async unreadCount(userId) {
      return unread.get(userId) ?? 0;
    },
    async markRead(userId, noticeId, at) {
      const notice = notices.get(noticeId);
      if (notice?.userId !== userId) return undefined;
      if (!notice.readAt) {
        notices.set(noticeId, { ...notice, readAt: at.toISOString() });
        unread.set(userId, (unread.get(userId) ?? 0) - 1);
      }
      return notices.get(noticeId);
    },
    async preferences(userId) {
      return preferences.get(userId);
    },
    async preferencesOf(userIds) {
      return new Map(userIds.flatMap((userId) => (preferences.has(userId) ? [[userId, preferences.get(userId)!] as const] : [])));
    },
    async savePreferences(userId, stored) {
      preferences.set(userId, stored);
    },
  };
  const ports: NoticePorts = {
    store,
    notifier: () => ({
      async send(message, at) {
        // The outbox keeps one message per id.
        if (!outbox.has(message.messageId)) outbox.set(message.messageId, { ...message, at: at.toISOString() });
      },
    }),
    lookups: { borrowerOf: async (loanId) => (loanId === 'loan-1' ? 'borrower-1' : undefined) },
    dueBook: { newReadCounter: () => ({ queries: 0, itemsRead: 0 }), installmentsDueOn: async (date) => options.dueOn?.[date] ?? [] },
    signals: { logError: () => undefined },
  };
  return { ports, notices, unread, queue, preferences, outbox };
}

const shanghai = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const afternoon = shanghai('2026-12-07', '15:00');

const confirmedRepayment = {
  sequenceNumber: '1',
  change: {
    pk: 'LOAN#loan-1',
    sk: 'REPAYMENT#000004',
    before: { status: 'PENDING' },
    after: {
      status: 'CONFIRMED', source: 'AUTO_DEBIT', loanId: 'loan-1', number: 4, borrowerId: 'borrower-1', amountFen: 103_000, changedAt: afternoon.toISOString(),
      distribution: [
        { investorId: 'investor-1', netFen: 51_000 },
        { investorId: 'investor-2', netFen: 50_990 },
        { investorId: 'investor-3', netFen: 0 },
      ],
    },
  },
};

test('a confirmed auto-debit: one notice to the borrower, one to each investor paid; the batch again makes nothing new', async () => {
  const { ports, notices, outbox } = world();
  expect(await recordNoticesOfChanges(ports, [confirmedRepayment], afternoon)).toEqual({ notices: 3 });
  expect([...notices.values()].map((notice) => [notice.userId, notice.kind, notice.params.amount])).toEqual([
    ['borrower-1', 'AUTO_DEBIT_SUCCEEDED', '1030.00'],
    ['investor-1', 'REPAYMENT_RECEIVED', '510.00'],
    ['investor-2', 'REPAYMENT_RECEIVED', '509.90'],
  ]);
  expect(outbox.size).toBe(3);
  // Redelivered (and the same status written again): the same ids, nothing more recorded or sent.
  await recordNoticesOfChanges(ports, [confirmedRepayment, confirmedRepayment], afternoon);
  expect(notices.size).toBe(3);
  expect(outbox.size).toBe(3);
  expect(notices.has(noticeIdOf('REPAYMENT_RECEIVED', 'loan-1', '4', 'investor-2'))).toBe(true);
});

test('changes that enter no notified status make no notice', async () => {
  const { ports, notices } = world();
  const unchanged = { ...confirmedRepayment, change: { ...confirmedRepayment.change, before: confirmedRepayment.change.after } };
  const manualFailed = { sequenceNumber: '2', change: { pk: 'LOAN#loan-1', sk: 'REPAYMENT#000005', before: { status: 'PENDING' }, after: { status: 'FAILED', source: 'BORROWER', borrowerId: 'borrower-1', number: 5 } } };
  const deposit = { sequenceNumber: '3', change: { pk: 'CUSTODY_TX#d-1', sk: 'TRANSACTION', before: { status: 'PENDING' }, after: { type: 'deposit', status: 'CONFIRMED', userId: 'u', amountFen: 100 } } };
  await recordNoticesOfChanges(ports, [unchanged, manualFailed, deposit, { sequenceNumber: '4', change: undefined }], afternoon);
  expect(notices.size).toBe(0);
});

test('an overdue notice made at 01:00 waits for 08:00: in the inbox at once, sent by the schedule, once', async () => {
  const { ports, notices, outbox, queue } = world();
  const overdue = { sequenceNumber: '5', change: { pk: 'LOAN#loan-1', sk: 'INSTALLMENT#002', before: { status: 'DUE' }, after: { status: 'OVERDUE', number: 2, dueDate: '2026-12-07' } } };
  const night = shanghai('2026-12-08', '01:00');
  await recordNoticesOfChanges(ports, [overdue], night);
  const [notice] = [...notices.values()];
  expect(notice).toMatchObject({ userId: 'borrower-1', kind: 'INSTALLMENT_OVERDUE', deliverAfter: shanghai('2026-12-08', '08:00').toISOString() });
  expect(outbox.size).toBe(0);
  // Redelivered before 08:00: still nothing sent.
  await recordNoticesOfChanges(ports, [overdue], shanghai('2026-12-08', '03:00'));
  expect(outbox.size).toBe(0);
  const summary = await runNoticeSchedule(ports, shanghai('2026-12-08', '08:00'));
  expect(summary).toMatchObject({ released: 1 });
  expect([...outbox.values()].map((message) => [message.recipientUserId, message.channel, message.at])).toEqual([['borrower-1', 'sms', shanghai('2026-12-08', '08:00').toISOString()]]);
  expect(queue.size).toBe(0);
  // A second run, and the change once more: nothing again.
  await runNoticeSchedule(ports, shanghai('2026-12-08', '08:00'));
  await recordNoticesOfChanges(ports, [overdue], shanghai('2026-12-08', '09:00'));
  expect(outbox.size).toBe(1);
});

test('an urgent notice (a withdrawal paid out) goes at once, even at night', async () => {
  const { ports, outbox } = world();
  const withdrawal = { sequenceNumber: '6', change: { pk: 'CUSTODY_TX#w-1', sk: 'TRANSACTION', before: { status: 'PENDING' }, after: { transactionId: 'w-1', type: 'withdrawal', status: 'CONFIRMED', userId: 'u-1', amountFen: 250_000 } } };
  await recordNoticesOfChanges(ports, [withdrawal], shanghai('2026-12-07', '23:30'));
  expect([...outbox.values()].map((message) => message.text)).toEqual(['您的提现 ¥2500.00 已到账。如非本人操作，请立即联系客服。']);
});

test('preferences choose the channels and the language of what is sent; the inbox gets the notice whatever they say', async () => {
  const { ports, notices, outbox, preferences } = world();
  preferences.set('investor-1', { language: 'en', channels: { investment: { sms: false, email: true } } });
  preferences.set('investor-2', { channels: { investment: { sms: false, email: false } } });
  await recordNoticesOfChanges(ports, [confirmedRepayment], afternoon);
  expect(notices.size).toBe(3);
  const sent = [...outbox.values()].filter((message) => message.purpose === 'REPAYMENT_RECEIVED');
  expect(sent.map((message) => [message.recipientUserId, message.channel, message.text])).toEqual([['investor-1', 'email', 'You received ¥510.00 from the loan you invested in (LOAN1).']]);
});

test('the schedule reminds of each unpaid installment due in three days, once however often it runs', async () => {
  const installment = { loanId: 'loan-1', number: 3, dueDate: '2026-12-10', principalFen: 90_000, interestFen: 10_000, paidPrincipalFen: 20_000, status: 'DUE' } as IndexedInstallment;
  const settled = { ...installment, number: 4, status: 'SETTLED' } as IndexedInstallment;
  const { ports, outbox } = world({ dueOn: { '2026-12-10': [installment, settled] } });
  expect(await runNoticeSchedule(ports, shanghai('2026-12-07', '08:00'))).toMatchObject({ dueDate: '2026-12-10', reminders: 1, remindersDeferred: 0 });
  expect(await runNoticeSchedule(ports, shanghai('2026-12-07', '08:00'))).toMatchObject({ reminders: 0 });
  expect([...outbox.values()].map((message) => message.text)).toEqual(['温馨提示：您的借款（LOAN1）第 3 期 ¥800.00 将于 2026-12-10 到期，届时将从存管账户自动扣款，请确保余额充足。']);
});

test('marking read: only the owner’s notice, the unread count falls once', async () => {
  const { ports, unread } = world();
  expect(await deliverNotice(ports, { noticeId: 'ntc_a', userId: 'u-1', kind: 'WITHDRAWAL_CONFIRMED', params: { amount: '1.00' }, occurredAt: afternoon.toISOString() }, afternoon)).toEqual({ created: true, sent: 1 });
  expect(await markNoticeRead(ports, 'u-2', 'ntc_a', undefined, afternoon)).toBeUndefined();
  expect(unread.get('u-1')).toBe(1);
  expect(await markNoticeRead(ports, 'u-1', 'ntc_a', 'en', afternoon)).toMatchObject({ unreadCount: 0, notice: { text: 'Your withdrawal of ¥1.00 has been paid out. If it was not you, contact us at once.' } });
  expect(await markNoticeRead(ports, 'u-1', 'ntc_a', undefined, afternoon)).toMatchObject({ unreadCount: 0 });
});

test('each source of the table makes its notice for its owner: verification, decision, funding, disbursement, bids, auto-debit failure, transfers', async () => {
  const { ports, notices } = world();
  const change = (pk: string, sk: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>) => ({ sequenceNumber: pk + sk, change: { pk, sk, ...(before ? { before } : {}), after } });
  await recordNoticesOfChanges(
    ports,
    [
      change('USER#u-1', 'PROFILE', { userId: 'u-1' }, { userId: 'u-1', verification: { status: 'VERIFIED', verifiedAt: '2026-12-01T00:00:00Z', masked: { realName: '张*', idNumber: '110***********4514' } } }),
      change('LOAN#loan-1', 'LOAN', undefined, { borrowerId: 'borrower-1', status: 'LISTED', grade: 'B', amountFen: 500_000 }),
      change('LOAN#loan-2', 'LOAN', { status: 'IN_REVIEW' }, { borrowerId: 'borrower-2', status: 'REJECTED', amountFen: 500_000 }),
      change('LOAN#loan-1', 'LOAN', { status: 'LISTED' }, { borrowerId: 'borrower-1', status: 'FUNDED', amountFen: 500_000 }),
      change('LOAN#loan-1', 'LOAN', { status: 'FUNDED' }, { borrowerId: 'borrower-1', status: 'DISBURSED', amountFen: 500_000, disbursement: { toBorrowerFen: 490_000 } }),
      change('LOAN#loan-1', 'BID#b-1', { status: 'FROZEN' }, { investorId: 'investor-1', status: 'POSTED', amountFen: 200_000 }),
      change('LOAN#loan-3', 'BID#b-2', { status: 'FROZEN' }, { investorId: 'investor-2', status: 'VOIDED', amountFen: 100_000 }),
      change('LOAN#loan-1', 'REPAYMENT#000001', { status: 'PENDING' }, { status: 'FAILED', source: 'AUTO_DEBIT', borrowerId: 'borrower-1', number: 1, amountFen: 45_000 }),
      change('DEBT_TRANSFER#p-1', 'PURCHASE', { status: 'PENDING' }, { purchaseId: 'p-1', loanId: 'loan-1', sellerId: 'investor-1', buyerId: 'investor-3', status: 'SETTLED', priceFen: 99_500 }),
    ],
    afternoon,
  );
  expect([...notices.values()].map((notice) => [notice.userId, notice.kind, renderText(notice)])).toEqual([
    ['u-1', 'VERIFICATION_APPROVED', '张*，您的实名认证已通过。'],
    ['borrower-1', 'APPLICATION_APPROVED', '您的借款申请（LOAN1）已通过审核，风险等级 B，现已发布募集。'],
    ['borrower-2', 'APPLICATION_REJECTED', '很抱歉，您的借款申请（LOAN2）未通过审核。'],
    ['borrower-1', 'LISTING_FUNDED', '您的借款（LOAN1）已满标，金额 ¥5000.00，即将签约放款。'],
    ['borrower-1', 'LOAN_DISBURSED', '您的借款（LOAN1）已放款，¥4900.00 已转入您的存管账户。'],
    ['investor-1', 'INVESTMENT_STARTED', '您投资的借款（LOAN1）已放款，投资 ¥2000.00 开始计息。'],
    ['investor-2', 'BID_RETURNED', '您对借款（LOAN3）的投标未成交，冻结的 ¥1000.00 已解冻。'],
    ['borrower-1', 'AUTO_DEBIT_FAILED', '您的借款（LOAN1）本期 ¥450.00 自动扣款未成功，请尽快充值并还款，以免逾期。'],
    ['investor-1', 'TRANSFER_SOLD', '您转让的债权（借款 LOAN1）已成交，价款 ¥995.00。'],
    ['investor-3', 'TRANSFER_BOUGHT', '您已成功受让借款（LOAN1）的债权，价款 ¥995.00。'],
  ]);
});

test('a notice whose text would carry a number in clear or miss a value is not made, and the stream goes on', async () => {
  const { ports, notices } = world();
  const errors: string[] = [];
  const logged = { ...ports, signals: { logError: (message: string) => void errors.push(message) } };
  const clearNumber = { sequenceNumber: '7', change: { pk: 'USER#u-9', sk: 'PROFILE', after: { verification: { status: 'REJECTED', verifiedAt: '2026-12-01T00:00:00Z', masked: { realName: '13800138000' } } } } };
  expect(await recordNoticesOfChanges(logged, [clearNumber, confirmedRepayment], afternoon)).toEqual({ notices: 3 });
  expect(errors).toEqual(['notice not made: its text would carry unmasked or missing data']);
  expect([...notices.values()].map((notice) => notice.kind)).toEqual(['AUTO_DEBIT_SUCCEEDED', 'REPAYMENT_RECEIVED', 'REPAYMENT_RECEIVED']);
});
