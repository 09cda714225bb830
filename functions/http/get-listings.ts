/** GET /v1/listings (public): open listings, by grade then deadline; filters grade, termMonths, rate range, method; an opaque cursor. */
import type { z } from 'zod';
import { InvalidRequestError } from '../core/errors';
import { compareRatios } from '../core/rational';
import { parseRate } from '../core/rate';
import { listOpenListings } from '../composition/read-models';
import type { listingsQuery } from '../api/schemas/listings';
import { listingSummaryBody } from './listing-views';
import { listListingsRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listListingsRoute, async (request) => {
  const query = request.query as z.infer<typeof listingsQuery>;
  const minRate = query.minRate === undefined ? undefined : parseRate(query.minRate);
  const maxRate = query.maxRate === undefined ? undefined : parseRate(query.maxRate);
  if (minRate && maxRate && compareRatios(minRate, maxRate) > 0) throw new InvalidRequestError('minRate is above maxRate');
  const page = await listOpenListings(
    {
      grade: query.grade,
      termMonths: query.termMonths === undefined ? undefined : Number(query.termMonths),
      method: query.method,
      accept:
        minRate || maxRate
          ? (listing) => {
              if (listing.annualRate === undefined) return false;
              const rate = parseRate(listing.annualRate);
              return (!minRate || compareRatios(rate, minRate) >= 0) && (!maxRate || compareRatios(rate, maxRate) <= 0);
            }
          : undefined,
    },
    query.limit === undefined ? 20 : Number(query.limit),
    query.cursor,
  );
  return {
    status: 200,
    body: { items: page.items.map(listingSummaryBody), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
