/** GET /v1/transfers/{offerId}: one offer's page (never its seller or buyer). */
import { now } from '../adapters/runtime/clock';
import { offerPage } from '../application/debt-transfer';
import { transferRecords } from '../composition/money';
import { getTransferOfferRoute } from '../api/routes/transfers';
import { offerBody } from './transfer-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getTransferOfferRoute, async (request) => {
  const offer = await offerPage(transferRecords, request.params.offerId as string, now());
  return { status: 200, body: offerBody(offer), headers: { 'cache-control': 'no-store' } };
});
