/** POST /v1/loans/{loanId}/reschedule-request (borrower, idempotent): the borrower asks to reschedule, once per loan (functions/application/rescheduling.ts). */
import type { z } from 'zod';
import { now } from '../adapters/runtime/clock';
import { requestReschedule } from '../application/rescheduling';
import { rescheduleRecords } from '../composition/rescheduling';
import type { rescheduleRequestBody } from '../api/schemas/reschedules';
import { postRescheduleRequestRoute } from '../api/routes/reschedules';
import { rescheduleRequestBody as view } from './reschedule-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postRescheduleRequestRoute, async (request) => {
  const body = request.body as z.infer<typeof rescheduleRequestBody>;
  const record = await requestReschedule(rescheduleRecords, { loanId: String(request.params.loanId), borrowerId: request.caller!.userId, wish: body.wish, reason: body.reason }, now());
  return { status: 201, body: view(record) };
});
