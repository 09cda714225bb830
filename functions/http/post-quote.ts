/** POST /v1/quotes (public): the repayment schedule a loan would have — the loan calculator. */
import type { z } from 'zod';
import { businessDate, platformTimeZone } from '../core/calendar';
import { formatYuan, parseYuan } from '../core/money';
import { parseRate } from '../core/rate';
import { buildRepaymentSchedule } from '../core/repayment-schedule';
import { now } from '../adapters/runtime/clock';
import type { QuoteResponse, quoteRequest } from '../api/schemas/quotes';
import { postQuoteRoute } from '../api/routes/platform';
import { installmentBody } from './loan-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postQuoteRoute, async (request) => {
  const quote = request.body as z.infer<typeof quoteRequest>;
  const schedule = buildRepaymentSchedule({
    amount: parseYuan(quote.amount),
    termMonths: quote.termMonths,
    annualRate: parseRate(quote.annualRate),
    method: quote.method,
    startDate: quote.startDate ?? businessDate(now(), platformTimeZone),
  });
  const body: QuoteResponse = {
    installments: schedule.installments.map(installmentBody),
    totals: {
      principal: formatYuan(schedule.totals.principal),
      interest: formatYuan(schedule.totals.interest),
      total: formatYuan(schedule.totals.total),
    },
  };
  return { status: 200, body };
});
