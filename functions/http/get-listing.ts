/** GET /v1/listings/{listingId} (public): one listing with its progress and the borrower's masked disclosure. */
import { NotFoundError } from '../core/errors';
import { findListing, findUserProfile } from '../composition/read-models';
import { listingDetailBody } from './listing-views';
import { getListingRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getListingRoute, async (request) => {
  const listingId = request.params.listingId as string;
  const listing = await findListing(listingId);
  // Only loans that were listed are listings; applications and rejections are not public.
  if (!listing || listing.listedAt === undefined || !['LISTED', 'FUNDED', 'EXPIRED', 'DISBURSED', 'REPAYING', 'DISBURSEMENT_FAILED'].includes(listing.status)) throw new NotFoundError(`no listing ${listingId}`);
  const borrower = await findUserProfile(listing.borrowerId);
  return { status: 200, body: listingDetailBody(listing, borrower), headers: { 'cache-control': 'no-store' } };
});
