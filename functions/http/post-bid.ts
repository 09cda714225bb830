/**
 * POST /v1/listings/{listingId}/bids: a manual bid, frozen from the available balance in the transaction that raises the listing's funded amount.
 * The bid records the investor's acceptance of the loan agreement's current terms (application/contract-consent.ts).
 */
import type { z } from 'zod';
import { parseYuan, toFen } from '../core/money';
import { now } from '../adapters/runtime/clock';
import { placeManualBid } from '../application/bidding';
import { bidding } from '../composition/money';
import type { bidRequest } from '../api/schemas/listings';
import { bidBody } from './listing-views';
import { postBidRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postBidRoute, async (request) => {
  const { amount, acceptedTermsHash } = request.body as z.infer<typeof bidRequest>;
  const listingId = request.params.listingId as string;
  // The route is idempotent: the handler only runs with a valid Idempotency-Key.
  const bid = await placeManualBid(bidding, request.caller!.userId, listingId, request.headers['idempotency-key']!, toFen(parseYuan(amount)), now(), {
    requestId: request.requestId,
    termsHash: acceptedTermsHash,
  });
  return { status: 201, body: bidBody(bid), headers: { location: `/v1/me/bids/${bid.bidId}` } };
});
