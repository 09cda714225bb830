/** PUT /v1/me/auto-bid-plans/{planId}: the caller's plan with its terms replaced, made from the plan at `version`. */
import type { z } from 'zod';
import { now } from '../adapters/runtime/clock';
import { editAutoBidPlan } from '../application/auto-bid-plan';
import { autoBidPlan } from '../composition/origination';
import type { autoBidPlanEdit } from '../api/schemas/listings';
import { autoBidPlanBody } from './listing-views';
import { putAutoBidPlanRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(putAutoBidPlanRoute, async (request) => {
  const { version, ...form } = request.body as z.infer<typeof autoBidPlanEdit>;
  const plan = await editAutoBidPlan(autoBidPlan, { investorId: request.caller!.userId, planId: request.params.planId as string, version, form }, now());
  return { status: 200, body: autoBidPlanBody(plan) };
});
