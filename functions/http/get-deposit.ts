/** GET /v1/me/deposits/{depositId}: one of the caller's deposits; anyone else's is a 404. */
import { callerTransaction } from '../application/custody';
import { custodyRecords } from '../composition/money';
import { custodyTransactionBody } from './custody-views';
import { getDepositRoute } from '../api/routes/custody';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getDepositRoute, async (request) => ({
  status: 200,
  body: custodyTransactionBody(await callerTransaction(custodyRecords, request.caller!.userId, String(request.params.depositId), 'deposit')),
}));
