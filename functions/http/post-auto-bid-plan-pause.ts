/** POST /v1/me/auto-bid-plans/{planId}/pause: the caller's plan, paused (again: no change). */
import { now } from '../adapters/runtime/clock';
import { changeAutoBidPlanStatus } from '../application/auto-bid-plan';
import { autoBidPlan } from '../composition/origination';
import { autoBidPlanBody } from './listing-views';
import { pauseAutoBidPlanRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(pauseAutoBidPlanRoute, async (request) => {
  const plan = await changeAutoBidPlanStatus(autoBidPlan, { investorId: request.caller!.userId, planId: request.params.planId as string, action: 'pause' }, now());
  return { status: 200, body: autoBidPlanBody(plan) };
});
