/**
 * POST /v1/loans/{loanId}/write-off (admin, Idempotency-Key): DEFAULTED → WRITTEN_OFF (核销),
 * with who and why (functions/application/loan-write-off.ts). Any other status is a 409.
 */
import { now } from '../adapters/runtime/clock';
import { writeOffLoan } from '../application/loan-write-off';
import { loanWriteOff } from '../composition/origination';
import type { WriteOffRequest } from '../api/schemas/collections';
import { postWriteOffRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postWriteOffRoute, async (request) => {
  const { reason } = request.body as WriteOffRequest;
  const body = await writeOffLoan(loanWriteOff, request.params.loanId as string, request.caller!.userId, reason, now());
  return { status: 200, body };
});
