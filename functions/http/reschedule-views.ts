/** A reschedule request as the API shows it (functions/api/schemas/reschedules.ts rescheduleRequestView). */
import { fen, formatYuan } from '../core/money';
import type { Rescheduling } from '../core/rescheduling';
import type { RescheduleRequestRecord } from '../application/rescheduling';
import { installmentBody } from './loan-views';

export function rescheduleRequestBody(request: RescheduleRequestRecord, rescheduling?: Pick<Rescheduling, 'kept' | 'replacement'>) {
  return {
    loanId: request.loanId,
    status: request.status,
    wish: request.wish,
    reason: request.reason,
    requestedAt: request.requestedAt,
    ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
    ...(request.rejectionNote ? { rejectionReason: request.rejectionNote } : {}),
    ...(request.terms ? { terms: request.terms, acceptBy: request.acceptBy, termMonths: request.termMonths } : {}),
    ...(request.principalFen !== undefined ? { principal: formatYuan(fen(request.principalFen)) } : {}),
    ...(request.extraInterestFen !== undefined ? { extraInterest: formatYuan(fen(request.extraInterestFen)) } : {}),
    ...(rescheduling ? { keptInstallments: rescheduling.kept.length, installments: rescheduling.replacement.map(installmentBody) } : {}),
    ...(request.acceptedAt ? { acceptedAt: request.acceptedAt } : {}),
    ...(request.declinedAt ? { declinedAt: request.declinedAt } : {}),
    ...(request.agreement
      ? {
          agreement: {
            sha256: request.agreement.agreementHash,
            byteLength: request.agreement.byteLength,
            signatures: request.agreement.signatures.map(({ role, party, keyId, signedAt }) => ({ role, party, keyId, signedAt })),
          },
        }
      : {}),
  };
}
