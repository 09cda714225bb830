/** POST /v1/me/auto-bid-plans/{planId}/pause: the caller's plan, paused (again: no change). */
import { pauseAutoBidPlanRoute } from '../api/routes/listings';
import { autoBidPlanStatusHandler } from './auto-bid-plan-status';

export const handler = autoBidPlanStatusHandler(pauseAutoBidPlanRoute, 'pause');
