/** GET /v1/transfers: the transfer market (open, unexpired offers), with filters. */
import type { z } from 'zod';
import { parseRate } from '../core/rate';
import { parseYuan, toFen } from '../core/money';
import { roundHalfUp, times, whole } from '../core/rational';
import { now } from '../adapters/runtime/clock';
import { openOffers } from '../application/debt-transfer';
import { transferRecords } from '../composition/money';
import type { transferMarketQuery } from '../api/schemas/transfers';
import { listTransferOffersRoute } from '../api/routes/transfers';
import { offerBody } from './transfer-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listTransferOffersRoute, async (request) => {
  const query = request.query as z.infer<typeof transferMarketQuery>;
  const offers = await openOffers(transferRecords, now(), {
    ...(query.grade ? { grade: query.grade } : {}),
    ...(query.maxRemainingMonths ? { maxRemainingMonths: Number(query.maxRemainingMonths) } : {}),
    ...(query.minYield ? { minYieldMillionths: Number(roundHalfUp(times(parseRate(query.minYield), whole(1_000_000)))) } : {}),
    ...(query.maxPrice ? { maxPriceFen: toFen(parseYuan(query.maxPrice)) } : {}),
  });
  return { status: 200, body: { items: offers.map(offerBody) }, headers: { 'cache-control': 'no-store' } };
});
