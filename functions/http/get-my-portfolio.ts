/** GET /v1/me/portfolio (investor): the caller's portfolio, net annual return and concentration warnings; never another investor's. */
import { now } from '../adapters/runtime/clock';
import { portfolioOf } from '../composition/investor-portfolio';
import { getMyPortfolioRoute } from '../api/routes/investor-reports';
import { portfolioBody } from './investor-report-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getMyPortfolioRoute, async (request) => ({
  status: 200,
  body: portfolioBody(await portfolioOf(request.caller!.userId, now())),
  headers: { 'cache-control': 'no-store' },
}));
