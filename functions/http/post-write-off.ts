/**
 * POST /v1/loans/{loanId}/write-off (admin, Idempotency-Key): DEFAULTED → WRITTEN_OFF (核销),
 * with who and why on the loan and a WRITTEN_OFF action on its collection case. Any
 * other status is a 409. Repayments that still arrive are distributed (recoveries).
 */
import { InvalidTransitionError } from '../core/errors';
import { now } from '../adapters/runtime/clock';
import { moveCollectionCase } from '../adapters/dynamodb/collection-repository';
import { applyLoanEvent, getLoan } from '../adapters/dynamodb/loan-repository';
import type { WriteOffRequest } from '../api/schemas/collections';
import { postWriteOffRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postWriteOffRoute, async (request) => {
  const loanId = request.params.loanId as string;
  const adminId = request.caller!.userId;
  const { reason } = request.body as WriteOffRequest;
  const loan = await getLoan(loanId);
  if (loan.status !== 'DEFAULTED') throw new InvalidTransitionError(`loan ${loanId} is ${loan.status}: only a DEFAULTED loan can be written off`);
  const at = now();
  const written = await applyLoanEvent(loanId, 'WRITE_OFF', at, { writtenOffAt: at.toISOString(), writtenOffBy: adminId, writeOffReason: reason });
  const record = written as typeof written & { writtenOffAt?: string; writtenOffBy?: string };
  await moveCollectionCase(loanId, ['REMINDERS', 'LEGAL', 'DEFAULTED'], 'WRITTEN_OFF', { loanId, kind: 'WRITTEN_OFF', at: record.writtenOffAt ?? at.toISOString(), by: record.writtenOffBy ?? adminId, detail: { reason } });
  return { status: 200, body: { loanId, status: 'WRITTEN_OFF', writtenOffAt: record.writtenOffAt ?? at.toISOString(), writtenOffBy: record.writtenOffBy ?? adminId } };
});
