/** GET /v1/me/auto-bid-plans: the caller's auto-bid plans with what each has spent and when it was last served. */
import { plansOfInvestor } from '../composition/read-models';
import { autoBidPlanBody } from './listing-views';
import { listMyAutoBidPlansRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listMyAutoBidPlansRoute, async (request) => ({
  status: 200,
  body: { items: (await plansOfInvestor(request.caller!.userId)).map(autoBidPlanBody) },
  headers: { 'cache-control': 'no-store' },
}));
