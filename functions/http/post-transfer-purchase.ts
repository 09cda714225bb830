/** POST /v1/transfers/{offerId}/purchases: buy an offer; the holding changes owner when the bank confirms. */
import { now } from '../adapters/runtime/clock';
import { buyOffer } from '../application/debt-transfer';
import { transfer } from '../composition/money';
import { buyTransferOfferRoute } from '../api/routes/transfers';
import { purchaseBody } from './transfer-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(buyTransferOfferRoute, async (request) => {
  // The route is idempotent: the handler only runs with a valid Idempotency-Key.
  const purchase = await buyOffer(transfer, request.caller!.userId, request.params.offerId as string, request.headers['idempotency-key']!, now(), request.requestId);
  return { status: 202, body: purchaseBody(purchase) };
});
