/** DELETE /v1/me/auto-bid-plans/{planId}: the caller's plan bids no more and leaves the list; its bids stay. */
import { now } from '../adapters/runtime/clock';
import { changeAutoBidPlanStatus } from '../application/auto-bid-plan';
import { autoBidPlan } from '../composition/origination';
import { deleteAutoBidPlanRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(deleteAutoBidPlanRoute, async (request) => {
  await changeAutoBidPlanStatus(autoBidPlan, { investorId: request.caller!.userId, planId: request.params.planId as string, action: 'delete' }, now());
  return { status: 204 };
});
