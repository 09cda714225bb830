/**
 * POST /v1/loans/{loanId}/reschedule-request/response (borrower, idempotent): accept the
 * approved terms (the supplementary agreement signed, the schedule replaced) or decline
 * them (functions/application/rescheduling.ts).
 */
import { now } from '../adapters/runtime/clock';
import { rescheduleRequestOf, respondToReschedule } from '../application/rescheduling';
import { rescheduling } from '../composition/reschedule-acceptance';
import { postRescheduleResponseRoute } from '../api/routes/reschedules';
import { rescheduleRequestBody } from './reschedule-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postRescheduleResponseRoute, async (request) => {
  const loanId = String(request.params.loanId);
  await respondToReschedule(rescheduling, loanId, request.caller!.userId, (request.body as { response: 'ACCEPT' | 'DECLINE' }).response, request.requestId, now());
  const found = await rescheduleRequestOf(rescheduling, loanId, request.caller!);
  return { status: 200, body: rescheduleRequestBody(found.request, found.rescheduling) };
});
