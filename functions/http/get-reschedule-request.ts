/** GET /v1/loans/{loanId}/reschedule-request (its borrower, reviewers): the request as it stands, with the approved terms' new installments (functions/application/rescheduling.ts). */
import { rescheduleRequestOf } from '../application/rescheduling';
import { rescheduleRecords } from '../composition/rescheduling';
import { getRescheduleRequestRoute } from '../api/routes/reschedules';
import { rescheduleRequestBody } from './reschedule-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getRescheduleRequestRoute, async (request) => {
  const found = await rescheduleRequestOf(rescheduleRecords, String(request.params.loanId), request.caller!);
  return { status: 200, body: rescheduleRequestBody(found.request, found.rescheduling), headers: { 'cache-control': 'no-store' } };
});
