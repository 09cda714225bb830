/** GET /v1/me/loans: the borrower's own loans (applications included), newest first. */
import type { ListingRecord } from '../core/bidding';
import { borrowerLoans } from '../composition/read-models';
import { loanBody } from './loan-views';
import { listMyLoansRoute } from '../api/routes/loans';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listMyLoansRoute, async (request) => {
  const loans = await borrowerLoans(request.caller!.userId);
  const newestFirst = [...loans].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return { status: 200, body: { items: newestFirst.map((loan) => loanBody(loan as unknown as ListingRecord)) }, headers: { 'cache-control': 'no-store' } };
});
