/** POST /v1/me/auto-bid-plans/{planId}/resume: the caller's plan, resumed (again: no change). */
import { resumeAutoBidPlanRoute } from '../api/routes/listings';
import { autoBidPlanStatusHandler } from './auto-bid-plan-status';

export const handler = autoBidPlanStatusHandler(resumeAutoBidPlanRoute, 'resume');
