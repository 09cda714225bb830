/**
 * The overdue sweep and the collection reminders over in-memory ports: an overdue book,
 * loans, collection cases, a risk reserve and a notifier kept in maps.
 */
import { jest } from '@jest/globals';
import { addDays } from '../../../functions/core/calendar';
import type { CollectionAction, CollectionCase, CollectionStage } from '../../../functions/core/collection-case';
import { maskedIdentityClaim } from '../../../functions/core/identity-claim';
import type { LoanRecord } from '../../../functions/core/loan-lifecycle';
import type { OverdueBucket, PenaltyAccrual } from '../../../functions/core/overdue';
import { parseRate } from '../../../functions/core/rate';
import type { UserProfile } from '../../../functions/core/users';
import { sendReminders, type ReminderMessage } from '../../../functions/application/collection-reminders';
import { sweepOverdue, type OverdueSweepPorts } from '../../../functions/application/overdue-sweep';
import type { CollectionCases } from '../../../functions/application/ports/origination-collections';
import type { IndexedInstallment, OverdueBook } from '../../../functions/application/ports/origination-overdue';
import { InMemorySignals } from '../../support/in-memory/operational-signals';

const due = '2027-05-10';
/** 01:00 Asia/Shanghai on `date`. */
const sweepTime = (date: string) => new Date(`${addDays(date, -1)}T17:00:00.000Z`);
/** 10:00 Asia/Shanghai on `date`. */
const tenOClock = (date: string) => new Date(`${date}T02:00:00.000Z`);

function world() {
  const installments = new Map<string, IndexedInstallment>();
  const loans = new Map<string, LoanRecord>();
  const marked = new Set<string>();
  const cases = new Map<string, CollectionCase>();
  const actions: CollectionAction[] = [];
  const sent: ReminderMessage[] = [];
  const profiles = new Map<string, UserProfile>();
  const signals = new InMemorySignals();
  let swept: string | undefined;
  const put = (installment: IndexedInstallment) => installments.set(`${installment.loanId}#${installment.number}`, installment);

  const overdue: OverdueBook = {
    newReadCounter: () => ({ queries: 0, itemsRead: 0 }),
    installmentsDueOn: async (date) => [...installments.values()].filter((installment) => installment.status === 'DUE' && installment.dueDate === date),
    overdueInstallments: async () => [...installments.values()].filter((installment) => installment.status === 'OVERDUE'),
    async markOverdue(installment: IndexedInstallment, _today: string, accrual: PenaltyAccrual | undefined) {
      put({ ...installment, status: 'OVERDUE', ...(accrual ? { penaltyFen: accrual.penaltyFen, penaltyAccruedThrough: accrual.penaltyAccruedThrough, penaltySpan: accrual.penaltySpan } : {}) });
      return true;
    },
    async recordLoanAgeing(loanId: string, _today: string, overdueDays: number, overdueBucket: OverdueBucket | undefined) {
      loans.set(loanId, { ...loans.get(loanId)!, overdueDays, ...(overdueBucket ? { overdueBucket } : {}) } as LoanRecord);
      return true;
    },
    markLoanOverdue: async (loanId) => void marked.add(loanId),
    loansMarkedOverdue: async () => [...marked],
    clearLoanOverdue: async (loanId) => void marked.delete(loanId),
    sweptThrough: async () => swept,
    recordSweptThrough: async (date) => void (swept = swept !== undefined && swept >= date ? swept : date),
  };
  const collections: CollectionCases = {
    findCollectionCase: async (loanId) => cases.get(loanId),
    async openCollectionCase(opened) {
      if (cases.has(opened.loanId)) return false;
      cases.set(opened.loanId, opened);
      return true;
    },
    async moveCollectionCase(loanId: string, from: readonly CollectionStage[], to: CollectionStage, action: CollectionAction, clearAgeingAsOf?: string) {
      const found = cases.get(loanId);
      if (!found || !from.includes(found.stage)) return false;
      const { overdueBucket: _bucket, ...rest } = found;
      cases.set(loanId, clearAgeingAsOf === undefined ? { ...found, stage: to } : { ...rest, stage: to, overdueDays: 0, asOf: clearAgeingAsOf });
      actions.push(action);
      return true;
    },
    async recordCaseAgeing(loanId, today, overdueDays, bucket) {
      const found = cases.get(loanId)!;
      cases.set(loanId, { ...found, overdueDays, asOf: today, ...(bucket ? { overdueBucket: bucket } : {}) });
      return true;
    },
    async claimDailyReminder(loanId, today) {
      const found = cases.get(loanId)!;
      if (found.lastReminderDate !== undefined && found.lastReminderDate >= today) return false;
      cases.set(loanId, { ...found, lastReminderDate: today });
      return true;
    },
    logCollectionAction: async (action) => void actions.push(action),
  };
  const ports: OverdueSweepPorts = {
    overdue,
    loans: { findLoan: async (loanId) => loans.get(loanId), applyLoanEvent: jest.fn(async (loanId: string) => loans.get(loanId)!) },
    installments: { installmentsOf: async (loanId) => [...installments.values()].filter((installment) => installment.loanId === loanId) },
    collections,
    riskReserve: { decideOnDefault: async () => ({ status: 'NOT_COMPENSATED', reason: 'POLICY_OFF', amountFen: 0 }), payCompensation: async () => 'sent', payOutstandingCompensations: async () => ({}) },
    policy: { loanPrimeRate: () => parseRate('0.0345'), lprMultiple: () => 4, penaltyRate: () => parseRate('0.06') },
    signals,
  };
  loans.set('L-1', { loanId: 'L-1', borrowerId: 'borrower-1', amountFen: 1_600_000, termMonths: 2, status: 'REPAYING', annualRate: '0.1', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' } as LoanRecord);
  for (const number of [1, 2]) put({ loanId: 'L-1', number, dueDate: addDays(due, (number - 1) * 30), principalFen: 800_000, interestFen: 100_000, status: 'DUE' });
  const reminders = {
    overdue,
    collections,
    loans: { findLoan: async (loanId: string) => loans.get(loanId) },
    profiles: { find: async (userId: string) => profiles.get(userId) },
    notifier: () => ({ send: async (message: ReminderMessage) => void sent.push(message) }),
  };
  const settle = (number: number) => {
    const key = `L-1#${number}`;
    put({ ...installments.get(key)!, status: 'SETTLED', paidPrincipalFen: 800_000, paidInterestFen: 100_000 });
  };
  return { ports, reminders, cases, actions, sent, profiles, settle, signals };
}

test('the sweep opens the case on the first overdue day and cures it when the loan catches up: 0 days, no bucket', async () => {
  const { ports, cases, settle, signals } = world();
  for (let day = 1; day <= 5; day += 1) await sweepOverdue(ports, sweepTime(addDays(due, day)));
  expect(cases.get('L-1')).toMatchObject({ stage: 'REMINDERS', overdueDays: 5, overdueBucket: '1-30' });
  // Each day's sweep counts the installments it found overdue (one, five times).
  expect(signals.total('OverdueInstallments')).toBe(5);
  settle(1);
  expect(await sweepOverdue(ports, sweepTime(addDays(due, 6)))).toMatchObject({ cured: 1 });
  expect(signals.total('OverdueInstallments')).toBe(5);
  expect(signals.signals()).toEqual([]);
  const cured = cases.get('L-1');
  expect(cured).toMatchObject({ stage: 'CURED', overdueDays: 0, asOf: addDays(due, 6) });
  expect(cured?.overdueBucket).toBeUndefined();
});

test('a risk-reserve compensation that cannot be paid at the default pages operations (RiskReservePaymentFailed) and the sweep goes on', async () => {
  const { ports, cases, signals } = world();
  const failing: OverdueSweepPorts = {
    ...ports,
    riskReserve: {
      decideOnDefault: async () => ({ status: 'APPROVED', reason: 'COMPENSATED', amountFen: 1_600_000 }),
      payCompensation: async () => Promise.reject(new Error('bank unreachable')),
      payOutstandingCompensations: async () => ({}),
    },
  };
  await sweepOverdue(failing, sweepTime(addDays(due, 1)));
  expect(await sweepOverdue(failing, sweepTime(addDays(due, 95)))).toMatchObject({ defaulted: 1, compensations: { 'L-1': 'error' } });
  expect(cases.get('L-1')).toMatchObject({ stage: 'DEFAULTED' });
  expect(signals.raised).toEqual([{ signal: 'RiskReservePaymentFailed', ids: { loanId: 'L-1', error: 'bank unreachable' } }]);
});

test('the reminder greets the borrower by the masked name of their verification, and only once a day', async () => {
  const { ports, reminders, sent, profiles } = world();
  profiles.set('borrower-1', {
    userId: 'borrower-1',
    username: 'b1',
    roles: ['borrower'],
    createdAt: '2026-01-01T00:00:00Z',
    verification: { status: 'VERIFIED', kind: 'personal', verifiedAt: '2026-01-01T00:00:00Z', masked: maskedIdentityClaim({ kind: 'personal', realName: '王五', idNumber: '11010519491231002X', phone: '13812345678', bankCard: '6222021234561236' }) },
  });
  await sweepOverdue(ports, sweepTime(addDays(due, 1)));
  expect(await sendReminders(reminders, tenOClock(addDays(due, 1)))).toMatchObject({ sent: 1 });
  expect(await sendReminders(reminders, tenOClock(addDays(due, 1)))).toMatchObject({ sent: 0, refused: { ALREADY_CONTACTED_TODAY: 1 } });
  expect(sent).toHaveLength(1);
  expect(sent[0]!.text).toMatch(/^【网贷平台】王\*您好/);
  expect(sent[0]!.text).not.toMatch(/138|王五/);
});
