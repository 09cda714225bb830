/** POST /v1/transfers/{offerId}/cancel: the seller cancels their open offer. */
import { now } from '../adapters/runtime/clock';
import { cancelOffer } from '../application/debt-transfer';
import { transferRecords } from '../composition/money';
import { cancelTransferOfferRoute } from '../api/routes/transfers';
import { myOfferBody } from './transfer-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(cancelTransferOfferRoute, async (request) => {
  const offer = await cancelOffer(transferRecords, request.caller!.userId, request.params.offerId as string, now());
  return { status: 200, body: myOfferBody(offer) };
});
