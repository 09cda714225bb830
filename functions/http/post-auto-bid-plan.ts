/** POST /v1/me/auto-bid-plans: an auto-bid plan (自动投标), served in a fair rotation whenever a matching listing opens. */
import type { z } from 'zod';
import { now } from '../adapters/runtime/clock';
import { createAutoBidPlan } from '../application/auto-bid-plan';
import { autoBidPlan } from '../composition/origination';
import type { autoBidPlanRequest } from '../api/schemas/listings';
import { autoBidPlanBody } from './listing-views';
import { postAutoBidPlanRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postAutoBidPlanRoute, async (request) => {
  const form = request.body as z.infer<typeof autoBidPlanRequest>;
  const plan = await createAutoBidPlan(autoBidPlan, { investorId: request.caller!.userId, idempotencyKey: request.headers['idempotency-key']!, form }, now());
  return { status: 201, body: autoBidPlanBody(plan), headers: { location: `/v1/me/auto-bid-plans/${plan.planId}` } };
});
