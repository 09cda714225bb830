/** POST /v1/loans/{loanId}/reschedule-request/decision (reviewer, idempotent): approve with terms or reject with a reason (functions/application/rescheduling.ts). */
import { now } from '../adapters/runtime/clock';
import { decideReschedule, rescheduleRequestOf, type RescheduleDecision } from '../application/rescheduling';
import { rescheduleRecords } from '../composition/rescheduling';
import { postRescheduleDecisionRoute } from '../api/routes/reschedules';
import { rescheduleRequestBody } from './reschedule-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postRescheduleDecisionRoute, async (request) => {
  const loanId = String(request.params.loanId);
  await decideReschedule(rescheduleRecords, loanId, request.caller!.userId, request.body as RescheduleDecision, now());
  const found = await rescheduleRequestOf(rescheduleRecords, loanId, request.caller!);
  return { status: 200, body: rescheduleRequestBody(found.request, found.rescheduling) };
});
