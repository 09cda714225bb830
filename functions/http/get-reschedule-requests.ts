/** GET /v1/reschedule-requests (reviewer): the requests awaiting a decision, oldest first (functions/application/rescheduling.ts). */
import { pendingRescheduleRequests } from '../application/rescheduling';
import { rescheduleRecords } from '../composition/rescheduling';
import { listRescheduleRequestsRoute } from '../api/routes/reschedules';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listRescheduleRequestsRoute, async () => {
  const pending = await pendingRescheduleRequests(rescheduleRecords);
  const items = pending.map((request) => ({ loanId: request.loanId, status: request.status, wish: request.wish, reason: request.reason, requestedAt: request.requestedAt }));
  return { status: 200, body: { items }, headers: { 'cache-control': 'no-store' } };
});
