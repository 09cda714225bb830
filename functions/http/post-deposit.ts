/** POST /v1/me/deposits: a deposit into the caller's custody sub-account, confirmed later by the bank's callback. */
import type { z } from 'zod';
import { parseYuan, toFen } from '../core/money';
import { now } from '../adapters/runtime/clock';
import { requestDeposit } from '../application/custody';
import { custodyAccounts } from '../composition/money';
import type { custodyAmountRequest } from '../api/schemas/custody';
import { custodyTransactionBody } from './custody-views';
import { postDepositRoute } from '../api/routes/custody';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postDepositRoute, async (request) => {
  const { amount } = request.body as z.infer<typeof custodyAmountRequest>;
  // The route is idempotent: the handler only runs with a valid Idempotency-Key.
  const deposit = await requestDeposit(custodyAccounts, request.caller!.userId, request.headers['idempotency-key']!, toFen(parseYuan(amount)), now());
  return { status: 202, body: custodyTransactionBody(deposit), headers: { location: `/v1/me/deposits/${deposit.transactionId}` } };
});
