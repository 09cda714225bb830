/** POST /v1/loans/{loanId}/reschedule-quotes (borrower): what a reschedule would do, nothing changed (functions/application/reschedule-quote.ts). */
import type { z } from 'zod';
import { formatYuan } from '../core/money';
import { formatRate } from '../core/rate';
import { now } from '../adapters/runtime/clock';
import { quoteReschedule } from '../application/reschedule-quote';
import { rescheduleQuote } from '../composition/servicing-operations';
import type { rescheduleQuoteRequest } from '../api/schemas/loans';
import { postRescheduleQuoteRoute } from '../api/routes/loans';
import { installmentBody } from './loan-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postRescheduleQuoteRoute, async (request) => {
  const wish = request.body as z.infer<typeof rescheduleQuoteRequest>;
  const quote = await quoteReschedule(rescheduleQuote, { loanId: String(request.params.loanId), borrowerId: request.caller!.userId, wish }, now());
  const body = {
    kind: quote.terms.kind,
    months: quote.terms.months,
    annualRate: formatRate(quote.terms.annualRate),
    termMonths: quote.termMonths,
    keptInstallments: quote.kept.length,
    principal: formatYuan(quote.principal),
    extraInterest: formatYuan(quote.extraInterest),
    installments: quote.replacement.map(installmentBody),
  };
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
});
