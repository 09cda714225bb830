import fc from 'fast-check';
import { daysBetween } from '../../../functions/core/day-count';
import { quoteEarlyRepayment } from '../../../functions/core/early-repayment';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { buildRepaymentSchedule } from '../../../functions/core/repayment-schedule';
import { halfUp, loanAmountFen, method, rateTenThousandths, rateText, runs, startDate, termMonths } from './lending-arbitraries';

const loan = buildRepaymentSchedule({ amount: parseYuan('100000'), termMonths: 12, annualRate: parseRate('0.12'), method: 'EQUAL_INSTALLMENT', startDate: '2026-01-15' });
const view = (repaymentDate: string) => {
  const quote = quoteEarlyRepayment(loan, repaymentDate);
  return { since: quote.accruedSince, days: quote.days, principal: formatYuan(quote.remainingPrincipal), interest: formatYuan(quote.accruedInterest), total: formatYuan(quote.total), passed: quote.installmentsPassed };
};

test('after a due date: remaining principal plus interest by the day since that due date', () => {
  // After installment 1 (due 2026-02-15) 92115.12 remains (see the schedule's worked example);
  // 14 days to 2026-03-01: 92115.12 × 12% × 14 / 365 = 423.9819… → 423.98.
  expect(view('2026-03-01')).toEqual({ since: '2026-02-15', days: 14, principal: '92115.12', interest: '423.98', total: '92539.10', passed: 1 });
});

test('before the first due date interest runs from the start date', () => {
  // 100000.00 × 12% × 10 / 365 = 328.767… → 328.77
  expect(view('2026-01-25')).toEqual({ since: '2026-01-15', days: 10, principal: '100000.00', interest: '328.77', total: '100328.77', passed: 0 });
  expect(view('2026-01-15')).toMatchObject({ days: 0, interest: '0.00', total: '100000.00' });
});

test('on a due date that installment counts as passed; from the final due date on nothing remains', () => {
  expect(view('2026-02-15')).toEqual({ since: '2026-02-15', days: 0, principal: '92115.12', interest: '0.00', total: '92115.12', passed: 1 });
  expect(view('2027-01-15')).toMatchObject({ principal: '0.00', interest: '0.00', total: '0.00', passed: 12 });
  expect(view('2027-03-01')).toMatchObject({ total: '0.00' });
});

test('a repayment date before the start is refused', () => {
  expect(() => quoteEarlyRepayment(loan, '2026-01-14')).toThrow(RangeError);
});

test('property: total = remaining after the last passed installment + its interest by the day, half-up', () => {
  fc.assert(
    fc.property(loanAmountFen, termMonths, rateTenThousandths, method, startDate, fc.integer({ min: 0, max: 1_900 }), (amount, months, rate, how, start, offset) => {
      const schedule = buildRepaymentSchedule({ amount: fen(amount), termMonths: months, annualRate: parseRate(rateText(rate)), method: how, startDate: start });
      const repaymentDate = new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
      const quote = quoteEarlyRepayment(schedule, repaymentDate);
      const passed = schedule.installments.filter((installment) => installment.dueDate <= repaymentDate); // ISO dates sort as text
      const since = passed.at(-1)?.dueDate ?? start;
      const remaining = passed.length ? toFen(passed.at(-1)?.remainingPrincipal ?? fen(0)) : amount;
      const days = daysBetween(since, repaymentDate);
      expect(quote.installmentsPassed).toBe(passed.length);
      expect(toFen(quote.remainingPrincipal)).toBe(remaining);
      expect(BigInt(toFen(quote.accruedInterest))).toBe(halfUp(BigInt(remaining) * BigInt(rate) * BigInt(days), 10_000n * 365n));
      expect(toFen(quote.total)).toBe(remaining + toFen(quote.accruedInterest));
      expect(days).toBeGreaterThanOrEqual(0);
      // Monthly methods accrue at most one month before the final due date; afterwards nothing remains.
      const finalDueDate = schedule.installments.at(-1)?.dueDate ?? start;
      if (how !== 'BULLET' && repaymentDate < finalDueDate) expect(days).toBeLessThanOrEqual(31);
      if (repaymentDate >= finalDueDate) expect(toFen(quote.total)).toBe(0);
    }),
    runs,
  );
});
