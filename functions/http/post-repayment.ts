/**
 * POST /v1/loans/{loanId}/repayments (the loan's borrower, Idempotency-Key): pays what is
 * due now (DUE, optionally a part of it) or the whole loan (EARLY_SETTLEMENT). Reserved
 * from the available balance at once, then one custody transfer distributes it to the
 * investors when the bank confirms: 202 with the repayment and its allocation.
 */
import type { z } from 'zod';
import { now } from '../adapters/runtime/clock';
import { repayAsBorrower } from '../application/repayment';
import { repayment } from '../composition/money';
import { parseYuan, toFen } from '../core/money';
import { postRepaymentRoute } from '../api/routes/servicing';
import { routeHandler } from './route-handler';
import type { repaymentRequest } from '../api/schemas/servicing';
import { repaymentBody } from './servicing-views';

export const handler = routeHandler(postRepaymentRoute, async (request) => {
  const loanId = request.params.loanId as string;
  const { kind, amount } = request.body as z.infer<typeof repaymentRequest>;
  const amountFen = amount === undefined ? undefined : toFen(parseYuan(amount));
  const record = await repayAsBorrower(
    repayment,
    request.caller!.userId,
    { loanId, kind, source: 'BORROWER', requestKey: `api-${request.headers['idempotency-key']!}`, ...(amountFen !== undefined ? { amountFen } : {}) },
    now(),
  );
  return { status: 202, body: repaymentBody(record), headers: { location: `/v1/loans/${loanId}/repayments` } };
});
