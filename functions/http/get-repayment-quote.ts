/**
 * GET /v1/loans/{loanId}/repayment-quote (the loan's borrower): what a repayment would pay
 * today, everything due now and the early settlement of the whole loan, planned exactly
 * as POST /v1/loans/{loanId}/repayments would plan them. Nothing is written.
 */
import { now } from '../adapters/runtime/clock';
import { quoteRepayment } from '../application/repayment';
import { repaymentQuoteReads } from '../composition/read-models';
import { getRepaymentQuoteRoute } from '../api/routes/servicing';
import { routeHandler } from './route-handler';
import { repaymentQuoteBody } from './servicing-views';

export const handler = routeHandler(getRepaymentQuoteRoute, async (request) => {
  const quote = await quoteRepayment(repaymentQuoteReads, request.caller!.userId, request.params.loanId as string, now());
  return { status: 200, body: repaymentQuoteBody(quote) };
});
