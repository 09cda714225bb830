/** Platform figures, pure: cells, range plans, a loan's stock, counter deltas, exact rates. */
import fc from 'fast-check';
import {
  addFlows,
  borrowerCountDelta,
  cellOf,
  cellsOf,
  decimalString,
  figureRates,
  installmentState,
  investorCountDelta,
  loanStock,
  noCellStock,
  noFlows,
  noStock,
  rangePlan,
  rankKey,
  share,
  stockDelta,
  stockFields,
  type LoanAggregate,
  type LoanStock,
} from '../../../functions/core/platform-counters';
import { ratio } from '../../../functions/core/rational';

const loan = (overrides: Partial<LoanAggregate> = {}): LoanAggregate => ({
  loanId: 'L1',
  borrowerId: 'B1',
  grade: 'A',
  termMonths: 12,
  status: 'REPAYING',
  installments: { '001': { p: 10_000, i: 500, s: 'DUE' }, '002': { p: 20_000, i: 300, s: 'DUE' } },
  ...overrides,
});

test('a loan counts in its own cell, its grade, its term and the whole platform', () => {
  expect(cellsOf('B', 6)).toEqual(['B#6', 'B#*', '*#6', '*#*']);
  expect(cellOf(undefined, undefined)).toBe('*#*');
  expect(cellOf('C', undefined)).toBe('C#*');
});

test('a range reads whole months from month items and its ragged ends from day items', () => {
  expect(rangePlan('2026-01-01', '2026-03-31')).toEqual({ months: { from: '2026-01', to: '2026-03' }, days: [] });
  expect(rangePlan('2026-01-15', '2026-01-20')).toEqual({ days: [{ from: '2026-01-15', to: '2026-01-20' }] });
  expect(rangePlan('2026-01-15', '2026-04-10')).toEqual({
    months: { from: '2026-02', to: '2026-03' },
    days: [
      { from: '2026-01-15', to: '2026-01-31' },
      { from: '2026-04-01', to: '2026-04-10' },
    ],
  });
  expect(rangePlan('2025-12-31', '2026-01-01')).toEqual({ days: [{ from: '2025-12-31', to: '2025-12-31' }, { from: '2026-01-01', to: '2026-01-01' }] });
  expect(rangePlan('2024-02-01', '2024-02-29')).toEqual({ months: { from: '2024-02', to: '2024-02' }, days: [] });
  expect(rangePlan('2026-02-01', '2026-01-01')).toEqual({ days: [] });
});

test('every day of a range is read exactly once (months and days do not overlap)', () => {
  const day = fc.integer({ min: 0, max: 1500 }).map((offset) => new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10));
  fc.assert(
    fc.property(day, day, (a, b) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      const plan = rangePlan(from, to);
      const covered: string[] = [];
      const walk = (start: string, end: string, accept: (date: string) => boolean, into: string[] = covered) => {
        for (let date = new Date(`${start}T00:00:00Z`); date.toISOString().slice(0, 10) <= end; date.setUTCDate(date.getUTCDate() + 1)) {
          const text = date.toISOString().slice(0, 10);
          if (accept(text)) into.push(text);
        }
      };
      for (const days of plan.days) walk(days.from, days.to, () => true);
      if (plan.months) walk(`${plan.months.from}-01`, `${plan.months.to}-31`, (date) => date.slice(0, 7) >= plan.months!.from && date.slice(0, 7) <= plan.months!.to);
      const expected: string[] = [];
      walk(from, to, () => true, expected);
      expect([...covered].sort()).toEqual(expected);
    }),
  );
});

test("a loan's stock is the unpaid principal and interest of its installments while it owes", () => {
  expect(loanStock(loan())).toEqual({ ...noStock, principalFen: 30_000, interestFen: 800, loans: 1 });
  expect(loanStock(loan({ status: 'SETTLED' }))).toEqual(noStock);
  expect(loanStock(loan({ status: 'WRITTEN_OFF' }))).toEqual(noStock);
  expect(loanStock(loan({ installments: {} }))).toEqual(noStock);
  expect(loanStock(undefined)).toEqual(noStock);
});

test('an overdue installment makes the whole loan overdue; 90+ by its ageing', () => {
  const overdue = loan({ installments: { '001': { p: 10_000, i: 500, s: 'OVERDUE' }, '002': { p: 20_000, i: 300, s: 'DUE' } }, overdueBucket: '61-90' });
  expect(loanStock(overdue)).toMatchObject({ overdueFen: 30_800, overdueLoans: 1, overdue90Fen: 0, overdue90Loans: 0 });
  expect(loanStock({ ...overdue, status: 'DEFAULTED', overdueBucket: '90+' })).toMatchObject({ overdueFen: 30_800, overdueLoans: 1, overdue90Fen: 30_800, overdue90Loans: 1 });
  // Ageing without an OVERDUE installment (caught up) is not overdue.
  expect(loanStock(loan({ overdueBucket: '90+' }))).toMatchObject({ overdueFen: 0, overdue90Fen: 0 });
});

test('an installment owes what is not yet paid; a settled one owes nothing', () => {
  expect(installmentState({ principalFen: 1000, interestFen: 100, paidPrincipalFen: 400, paidInterestFen: 100, status: 'OVERDUE' })).toEqual({ p: 600, i: 0, s: 'OVERDUE' });
  expect(installmentState({ principalFen: 1000, interestFen: 100, status: 'DUE' })).toEqual({ p: 1000, i: 100, s: 'DUE' });
  expect(installmentState({ principalFen: 1000, interestFen: 100, paidPrincipalFen: 1000, paidInterestFen: 20, status: 'SETTLED' })).toEqual({ p: 0, i: 0, s: 'SETTLED' });
});

test('counters moved by before/after deltas over any history of a loan end at the stock of its last state', () => {
  const installment = fc.record({ p: fc.nat({ max: 1_000_000 }), i: fc.nat({ max: 100_000 }), s: fc.constantFrom('DUE' as const, 'OVERDUE' as const, 'SETTLED' as const) });
  const state = fc.record({
    status: fc.constantFrom('DISBURSED', 'REPAYING', 'DEFAULTED', 'SETTLED', 'WRITTEN_OFF'),
    overdueBucket: fc.constantFrom(undefined, '1-30', '90+'),
    installments: fc.dictionary(fc.constantFrom('001', '002', '003'), installment),
  });
  fc.assert(
    fc.property(fc.array(state, { minLength: 1, maxLength: 12 }), (states) => {
      let counter: LoanStock = noStock;
      let previous: LoanAggregate | undefined;
      for (const next of states) {
        const current = loan({ status: next.status, installments: next.installments, ...(next.overdueBucket ? { overdueBucket: next.overdueBucket } : {}) });
        const delta = stockDelta(loanStock(previous), loanStock(current));
        counter = Object.fromEntries(stockFields.map((field) => [field, counter[field] + delta[field]])) as unknown as LoanStock;
        previous = current;
      }
      expect(counter).toEqual(loanStock(previous));
    }),
  );
});

test('borrower and investor counts move only when a party starts or stops owing or holding', () => {
  expect(borrowerCountDelta({ outstandingFen: 0, loans: 0 }, { outstandingFen: 0, loans: 1 })).toEqual({ ever: 1, current: 0 });
  expect(borrowerCountDelta({ outstandingFen: 0, loans: 1 }, { outstandingFen: 500, loans: 1 })).toEqual({ ever: 0, current: 1 });
  expect(borrowerCountDelta({ outstandingFen: 500, loans: 1 }, { outstandingFen: 700, loans: 2 })).toEqual({ ever: 0, current: 0 });
  expect(borrowerCountDelta({ outstandingFen: 700, loans: 2 }, { outstandingFen: 0, loans: 2 })).toEqual({ ever: 0, current: -1 });
  expect(investorCountDelta({ loans: 0, active: 0 }, { loans: 1, active: 1 })).toEqual({ ever: 1, current: 1 });
  expect(investorCountDelta({ loans: 2, active: 1 }, { loans: 2, active: 0 })).toEqual({ ever: 0, current: -1 });
});

test('rank keys sort the largest outstanding first, then by borrower', () => {
  const keys = [rankKey(500, 'b'), rankKey(90_000, 'a'), rankKey(500, 'a'), rankKey(1, 'z')];
  expect([...keys].sort()).toEqual([rankKey(90_000, 'a'), rankKey(500, 'a'), rankKey(500, 'b'), rankKey(1, 'z')]);
  expect(() => rankKey(0, 'a')).toThrow(RangeError);
});

test('rates and shares are exact ratios written with six decimals, rounded half-up', () => {
  expect(decimalString(ratio(1n, 3n))).toBe('0.333333');
  expect(decimalString(ratio(2n, 3n))).toBe('0.666667');
  expect(decimalString(ratio(1n, 8n))).toBe('0.125000');
  expect(decimalString(ratio(1n, 1n))).toBe('1.000000');
  expect(decimalString(undefined)).toBe('0.000000');
  expect(decimalString(ratio(1n, 2_000_000n))).toBe('0.000001');
  expect(decimalString(ratio(1n, 2_000_001n))).toBe('0.000000');
  expect(share(5, 0)).toBeUndefined();
});

test('figure rates: overdue by amount and count, top-10 and largest shares of the outstanding', () => {
  const rates = figureRates({
    flows: addFlows(noFlows, { lentFen: 100 }),
    stock: { ...noCellStock, principalFen: 90_000, interestFen: 10_000, loans: 3, overdueFen: 25_000, overdueLoans: 1, overdue90Fen: 0, overdue90Loans: 0 },
    topBorrowersFen: [60_000, 30_000, 10_000],
  });
  expect(decimalString(rates.overdueRateByAmount)).toBe('0.250000');
  expect(decimalString(rates.overdueRateByCount)).toBe('0.333333');
  expect(rates.top10Fen).toBe(100_000);
  expect(decimalString(rates.top10Share)).toBe('1.000000');
  expect(rates.largestFen).toBe(60_000);
  expect(decimalString(rates.largestShare)).toBe('0.600000');
});
