/** POST /v1/me/auto-bid-plans/{planId}/resume: the caller's plan, resumed (again: no change). */
import { now } from '../adapters/runtime/clock';
import { changeAutoBidPlanStatus } from '../application/auto-bid-plan';
import { autoBidPlan } from '../composition/origination';
import { autoBidPlanBody } from './listing-views';
import { resumeAutoBidPlanRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(resumeAutoBidPlanRoute, async (request) => {
  const plan = await changeAutoBidPlanStatus(autoBidPlan, { investorId: request.caller!.userId, planId: request.params.planId as string, action: 'resume' }, now());
  return { status: 200, body: autoBidPlanBody(plan) };
});
