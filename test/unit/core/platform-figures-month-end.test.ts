/** Month-end stocks, pure: how a change is dated, the month of a time, summed moves, which ranking a month end reads. */
import fc from 'fast-check';
import { businessMonthOf, changeTime, loanStock, noCellStock, rankingAtMonthEnd, stockDelta, stockFields, sumStockMoves, type InstallmentState, type LoanAggregate } from '../../../functions/core/platform-counters';

test('a change is dated by changedAt first, else by the time attribute it wrote, never by a stale one', () => {
  const installment = { pk: 'LOAN#l', sk: 'INSTALLMENT#001', status: 'DUE', updatedAt: '2026-03-02T02:00:00.000Z' };
  // The overdue sweep marks it OVERDUE: updatedAt is left from an earlier payment; overdueSince is what it wrote.
  const overdue = { ...installment, status: 'OVERDUE', overdueSince: '2026-04-03T17:00:00.000Z' };
  expect(changeTime(installment, overdue)).toBe('2026-04-03T17:00:00.000Z');
  // The loan's ageing writes a business date.
  expect(changeTime({ status: 'REPAYING', updatedAt: '2026-01-01T00:00:00.000Z' }, { status: 'REPAYING', updatedAt: '2026-01-01T00:00:00.000Z', overdueBucket: '90+', overdueAsOf: '2026-05-01' })).toBe('2026-05-01');
  // The platform clock's stamp wins over everything.
  expect(changeTime(installment, { ...overdue, changedAt: '2026-04-30T16:30:00.000Z' })).toBe('2026-04-30T16:30:00.000Z');
  // A stamp the change did not write (left by an earlier write) dates nothing.
  expect(changeTime({ ...installment, changedAt: '2026-01-01T00:00:00.000Z' }, { ...overdue, changedAt: '2026-01-01T00:00:00.000Z' })).toBe('2026-04-03T17:00:00.000Z');
  // A new item: its first time attribute.
  expect(changeTime(undefined, { createdAt: '2026-02-10T00:00:00.000Z' })).toBe('2026-02-10T00:00:00.000Z');
  // Nothing the change wrote dates it (or the item is gone): the caller's clock decides.
  expect(changeTime(installment, { ...installment, penaltyFen: 3 })).toBeUndefined();
  expect(changeTime(installment, undefined)).toBeUndefined();
  expect(changeTime(undefined, { updatedAt: 'not a time' })).toBeUndefined();
});

test('the month of a change is its business month in Shanghai; a business date is its own month', () => {
  expect(businessMonthOf('2026-03-31T15:59:59.999Z')).toBe('2026-03');
  expect(businessMonthOf('2026-03-31T16:00:00.000Z')).toBe('2026-04'); // 00:00 on 1 April in Shanghai
  expect(businessMonthOf('2026-04-01')).toBe('2026-04');
  expect(businessMonthOf('2025-12-31T16:00:00.000Z')).toBe('2026-01');
});

const installmentArb = fc.record({ p: fc.integer({ min: 0, max: 1_000_000 }), i: fc.integer({ min: 0, max: 50_000 }), s: fc.constantFrom<InstallmentState['s']>('DUE', 'OVERDUE', 'SETTLED') });
const stateArb = fc.record({
  status: fc.constantFrom('DISBURSED', 'REPAYING', 'DEFAULTED', 'SETTLED', 'WRITTEN_OFF'),
  overdueBucket: fc.constantFrom(undefined, '1-30', '90+'),
  installments: fc.dictionary(fc.constantFrom('001', '002', '003'), installmentArb),
});

test('the stock at a month end is the sum of the moves dated up to it, whatever order they were applied in', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(stateArb, fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (history, cut, seed) => {
      // One loan's history, each state change dated in a (non-decreasing) month.
      const months = history.map(([, month]) => month).sort((a, b) => a - b);
      const aggregate = (state: (typeof history)[number][0]): LoanAggregate => ({ loanId: 'l', borrowerId: 'b', grade: 'B', termMonths: 3, ...state, ...(state.overdueBucket ? { overdueBucket: state.overdueBucket } : {}) });
      let previous: LoanAggregate | undefined;
      const moves = history.map(([state], index) => {
        const next = aggregate(state);
        const delta = stockDelta(loanStock(previous), loanStock(next));
        previous = next;
        return { month: `2026-0${months[index]}`, ...Object.fromEntries(stockFields.map((field) => [field, delta[field]])) };
      });
      // Applied in any order (shuffled by the seed), only the months up to the cut counted.
      const shuffled = moves.map((move, index) => ({ move, key: (index * 7919 + seed) % 104729 })).sort((a, b) => a.key - b.key).map(({ move }) => move);
      const upTo = `2026-0${cut}`;
      const summed = sumStockMoves(shuffled.filter((move) => move.month <= upTo));
      const lastIndex = months.reduce((last, month, index) => (month <= cut ? index : last), -1);
      const expected = lastIndex < 0 ? noCellStock : { ...noCellStock, ...loanStock(aggregate(history[lastIndex]![0])) };
      expect(summed).toEqual(expected);
    }),
  );
});

test('a month end reads the current ranking until a later-dated change reached the cell, then the snapshot', () => {
  expect(rankingAtMonthEnd(undefined, '2026-03')).toBe('current');
  expect(rankingAtMonthEnd('2026-03', '2026-03')).toBe('current');
  expect(rankingAtMonthEnd('2026-02', '2026-03')).toBe('current');
  expect(rankingAtMonthEnd('2026-04', '2026-03')).toBe('snapshot');
});
