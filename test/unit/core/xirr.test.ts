/**
 * The net annual return (functions/core/xirr.ts) against an independent oracle:
 * @formulajs/formulajs's XIRR (Excel's, Newton's method in floating point). Floats
 * appear ONLY here, as the outside check.
 *
 * Tolerance: ours is the root to 10^−12 rounded half-up to 0.01 %, so it is within
 * 0.005 percentage point of the true root; the oracle stops at 10^−10. The brief's bound,
 * 0.01 percentage point, leaves room for both.
 */
import { XIRR } from '@formulajs/formulajs';
import fc from 'fast-check';
import { xirrPercent, type DatedCashFlow } from '../../../functions/core/xirr';
import { isoDate, lastDayOfMonth } from './lending-arbitraries';

/** Newton's method needs a start near the root: a heavy loss is found from a guess near −100 %. */
const oracle = (flows: readonly DatedCashFlow[]): number => {
  for (const guess of [0.1, -0.5, -0.9, -0.99, -0.999]) {
    const value = XIRR(
      flows.map((flow) => flow.amountFen),
      flows.map((flow) => flow.date),
      guess,
    ) as number | Error;
    if (!(value instanceof Error) && Number.isFinite(value)) return value * 100;
  }
  throw new Error(`the oracle found no rate for ${JSON.stringify(flows)}`);
};

const addMonths = (date: string, months: number): string => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return isoDate(targetYear, targetMonth, Math.min(day, lastDayOfMonth(targetYear, targetMonth)));
};

/**
 * A portfolio's flows: 1–6 holdings, each a bid on its own date repaid monthly (interest
 * at 4–24 % a year on the outstanding principal, equal principal), some of them stopping
 * (a default: what was not repaid is lost, or partly compensated), and the outstanding
 * principal of the rest as the closing value at the as-of date.
 */
const holding = fc.record({
  startOffsetDays: fc.integer({ min: 0, max: 400 }),
  amountFen: fc.integer({ min: 5_000, max: 5_000_000 }),
  termMonths: fc.integer({ min: 1, max: 36 }),
  ratePercent: fc.integer({ min: 4, max: 24 }),
  paidMonths: fc.integer({ min: 0, max: 36 }),
  defaulted: fc.boolean(),
  compensationPercent: fc.integer({ min: 30, max: 100 }),
});
const portfolio = fc.record({ start: fc.integer({ min: 2020, max: 2030 }), holdings: fc.array(holding, { minLength: 1, maxLength: 6 }), asOfExtraMonths: fc.integer({ min: 0, max: 12 }) });

function flowsOf(generated: typeof portfolio extends fc.Arbitrary<infer T> ? T : never): DatedCashFlow[] {
  const flows: DatedCashFlow[] = [];
  let asOf = `${generated.start}-01-01`;
  const ends: Array<{ outstanding: number }> = [];
  for (const item of generated.holdings) {
    const start = new Date(Date.UTC(generated.start, 0, 1 + item.startOffsetDays)).toISOString().slice(0, 10);
    flows.push({ date: start, amountFen: -item.amountFen });
    const paid = Math.min(item.paidMonths, item.termMonths);
    let outstanding = item.amountFen;
    const principal = Math.floor(item.amountFen / item.termMonths);
    for (let month = 1; month <= paid; month += 1) {
      const principalPart = month === item.termMonths ? outstanding : principal;
      const interest = Math.round((outstanding * item.ratePercent) / 1200);
      flows.push({ date: addMonths(start, month), amountFen: principalPart + interest });
      outstanding -= principalPart;
    }
    const last = addMonths(start, paid + 1);
    if (last > asOf) asOf = last;
    if (item.defaulted && outstanding > 0) {
      const compensation = Math.floor((outstanding * item.compensationPercent) / 100);
      if (compensation > 0) flows.push({ date: last, amountFen: compensation });
      outstanding = 0;
    }
    ends.push({ outstanding });
  }
  const closing = addMonths(asOf, generated.asOfExtraMonths);
  const value = ends.reduce((sum, end) => sum + end.outstanding, 0);
  if (value > 0) flows.push({ date: closing, amountFen: value });
  return flows;
}

test('the well-known figures: 10% over a year; nothing back; only money out', () => {
  expect(xirrPercent([{ date: '2025-01-01', amountFen: -100_000 }, { date: '2026-01-01', amountFen: 110_000 }])).toBe('10.00');
  expect(xirrPercent([{ date: '2025-01-01', amountFen: -100_000 }, { date: '2026-01-01', amountFen: 90_000 }])).toBe('-10.00');
  expect(xirrPercent([{ date: '2025-01-01', amountFen: -100_000 }, { date: '2025-01-01', amountFen: 100_000 }])).toBe(undefined);
  expect(xirrPercent([{ date: '2025-01-01', amountFen: -100_000 }])).toBe(undefined);
  expect(xirrPercent([])).toBe(undefined);
  expect(() => xirrPercent([{ date: '2025-13-45x', amountFen: 1 }])).toThrow(RangeError);
});

test('property: within 0.01 percentage point of formulajs XIRR on 200 generated portfolios, and the same figure twice', () => {
  let compared = 0;
  fc.assert(
    fc.property(portfolio, (generated) => {
      const flows = flowsOf(generated);
      const ours = xirrPercent(flows);
      if (!flows.some((flow) => flow.amountFen > 0)) {
        expect(ours).toBeUndefined();
        return;
      }
      expect(ours).toMatch(/^-?\d+\.\d{2}$/);
      expect(Math.abs(Number(ours) - oracle(flows))).toBeLessThanOrEqual(0.01);
      expect(xirrPercent([...flows].reverse())).toBe(ours);
      compared += 1;
    }),
    { numRuns: 200, seed: 20261206 },
  );
  expect(compared).toBeGreaterThan(180);
});
