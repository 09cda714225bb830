/** GET /v1/me/bids: the caller's bids with their status (FROZEN, VOIDED, POSTED), newest first. */
import type { z } from 'zod';
import { listBidsOfInvestor } from '../composition/read-models';
import type { bidsQuery } from '../api/schemas/listings';
import { bidBody } from './listing-views';
import { listMyBidsRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listMyBidsRoute, async (request) => {
  const query = request.query as z.infer<typeof bidsQuery>;
  const page = await listBidsOfInvestor(request.caller!.userId, query.limit === undefined ? 20 : Number(query.limit), query.cursor);
  return {
    status: 200,
    body: { items: page.items.map(bidBody), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
