/** GET /v1/me/withdrawals/{withdrawalId}: one of the caller's withdrawals; anyone else's is a 404. */
import { callerTransaction } from '../application/custody';
import { custodyRecords } from '../composition/money';
import { custodyTransactionBody } from './custody-views';
import { getWithdrawalRoute } from '../api/routes/custody';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getWithdrawalRoute, async (request) => ({
  status: 200,
  body: custodyTransactionBody(await callerTransaction(custodyRecords, request.caller!.userId, String(request.params.withdrawalId), 'withdrawal')),
}));
