/** POST /v1/me/withdrawals: freezes the amount, then instructs the bank; its callback posts or voids the freeze. */
import type { z } from 'zod';
import { parseYuan, toFen } from '../core/money';
import { now } from '../adapters/runtime/clock';
import { requestWithdrawal } from '../application/custody';
import { custodyAccounts } from '../composition/money';
import type { custodyAmountRequest } from '../api/schemas/custody';
import { custodyTransactionBody } from './custody-views';
import { postWithdrawalRoute } from '../api/routes/custody';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postWithdrawalRoute, async (request) => {
  const { amount } = request.body as z.infer<typeof custodyAmountRequest>;
  // The route is idempotent: the handler only runs with a valid Idempotency-Key.
  const withdrawal = await requestWithdrawal(custodyAccounts, request.caller!.userId, request.headers['idempotency-key']!, toFen(parseYuan(amount)), now());
  return { status: 202, body: custodyTransactionBody(withdrawal), headers: { location: `/v1/me/withdrawals/${withdrawal.transactionId}` } };
});
