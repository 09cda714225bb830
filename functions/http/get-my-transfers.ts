/** GET /v1/me/transfers: the caller's offers (with fee and proceeds) and purchases. */
import { now } from '../adapters/runtime/clock';
import { transfersOf } from '../application/debt-transfer';
import { transferRecords } from '../composition/money';
import { listMyTransfersRoute } from '../api/routes/transfers';
import { myOfferBody, purchaseBody } from './transfer-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listMyTransfersRoute, async (request) => {
  const { offers, purchases } = await transfersOf(transferRecords, request.caller!.userId, now());
  return { status: 200, body: { offers: offers.map(myOfferBody), purchases: purchases.map(purchaseBody) }, headers: { 'cache-control': 'no-store' } };
});
