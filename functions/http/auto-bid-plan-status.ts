/** The pause and resume routes' one body: the caller's plan with its status changed (again: no change). */
import { now } from '../adapters/runtime/clock';
import { changeAutoBidPlanStatus } from '../application/auto-bid-plan';
import { autoBidPlan } from '../composition/origination';
import type { pauseAutoBidPlanRoute, resumeAutoBidPlanRoute } from '../api/routes/listings';
import { autoBidPlanBody } from './listing-views';
import { routeHandler } from './route-handler';

export const autoBidPlanStatusHandler = (route: typeof pauseAutoBidPlanRoute | typeof resumeAutoBidPlanRoute, action: 'pause' | 'resume') =>
  routeHandler(route, async (request) => {
    const plan = await changeAutoBidPlanStatus(autoBidPlan, { investorId: request.caller!.userId, planId: request.params.planId as string, action }, now());
    return { status: 200, body: autoBidPlanBody(plan) };
  });
