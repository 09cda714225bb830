/**
 * GET /v1/me/holdings (investor): per loan, the principal invested, the expected and
 * received principal and interest (and penalty), the management fees paid and the
 * loan's status — read from the investor's holding items (one query on their
 * partition) and the loans (a batch read), never a scan.
 */
import { holdingsOf, loanStatuses } from '../composition/read-models';
import { listMyHoldingsRoute } from '../api/routes/servicing';
import { routeHandler } from './route-handler';
import { holdingBody } from './servicing-views';

export const handler = routeHandler(listMyHoldingsRoute, async (request) => {
  const holdings = await holdingsOf(request.caller!.userId);
  const statuses = await loanStatuses(holdings.map((holding) => holding.loanId));
  return {
    status: 200,
    body: { items: holdings.map((holding) => holdingBody(holding, statuses.get(holding.loanId) ?? 'REPAYING')) },
    headers: { 'cache-control': 'no-store' },
  };
});
