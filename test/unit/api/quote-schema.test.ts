/**
 * The loan calculator's start date is bounded: `9999-12-31` was accepted and gave due
 * dates like `10000-01-31`, which break the response's own schema.
 */
import { buildRepaymentSchedule, maxTermMonths } from '../../../functions/core/repayment-schedule';
import { parseYuan } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { earliestQuoteStart, latestQuoteStart, quoteRequest, quoteResponse } from '../../../functions/api/schemas/quotes';

const request = (startDate: string) => ({ amount: '1000.00', termMonths: maxTermMonths, annualRate: '0.12', method: 'EQUAL_INSTALLMENT', startDate });

test.each(['9999-12-31', '2100-01-01', '1999-12-31', '0001-01-01'])('a start date of %s is refused', (startDate) => {
  const parsed = quoteRequest.safeParse(request(startDate));
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues[0]?.path).toEqual(['startDate']);
});

test.each([earliestQuoteStart, latestQuoteStart, '2026-01-31'])('a start date of %s is taken, and the longest quote from it fits the response schema', (startDate) => {
  const parsed = quoteRequest.parse(request(startDate));
  const schedule = buildRepaymentSchedule({ amount: parseYuan(parsed.amount), termMonths: parsed.termMonths, annualRate: parseRate(parsed.annualRate), method: parsed.method, startDate });
  const installments = schedule.installments.map((installment) => ({
    number: installment.number,
    dueDate: installment.dueDate,
    principal: '1.00',
    interest: '1.00',
    total: '1.00',
    remainingPrincipal: '1.00',
  }));
  expect(quoteResponse.safeParse({ installments, totals: { principal: '1.00', interest: '1.00', total: '1.00' } }).success).toBe(true);
});

test('no start date is still allowed (today)', () => {
  const { startDate: _none, ...withoutDate } = request('2026-01-31');
  expect(quoteRequest.safeParse(withoutDate).success).toBe(true);
});
