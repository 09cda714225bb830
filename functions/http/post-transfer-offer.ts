/** POST /v1/transfers: offer all or part of a holding at a price within the bounds around its value. */
import type { z } from 'zod';
import { parseYuan, toFen } from '../core/money';
import { now } from '../adapters/runtime/clock';
import { offerHolding } from '../application/debt-transfer';
import { transferOffering } from '../composition/money';
import type { transferOfferRequest } from '../api/schemas/transfers';
import { postTransferOfferRoute } from '../api/routes/transfers';
import { myOfferBody } from './transfer-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postTransferOfferRoute, async (request) => {
  const { loanId, part, price } = request.body as z.infer<typeof transferOfferRequest>;
  // The route is idempotent: the handler only runs with a valid Idempotency-Key.
  const offer = await offerHolding(transferOffering, request.caller!.userId, { loanId, partFen: toFen(parseYuan(part)), priceFen: toFen(parseYuan(price)) }, request.headers['idempotency-key']!, now(), request.requestId);
  return { status: 201, body: myOfferBody(offer), headers: { location: `/v1/transfers/${offer.offerId}` } };
});
