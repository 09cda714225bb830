/**
 * An admin writes off a defaulted loan (核销, POST /v1/loans/{loanId}/write-off):
 * DEFAULTED → WRITTEN_OFF with who and why on the loan and a WRITTEN_OFF action on its
 * collection case. Any other status is a 409. Repayments that still arrive are
 * distributed (recoveries).
 */
import { InvalidTransitionError } from '../core/errors';
import type { LoanEventType, LoanRecord } from '../core/loan-lifecycle';
import type { CollectionCases } from './ports/origination-collections';

export interface LoanWriteOffPorts {
  readonly loans: {
    getLoan(loanId: string): Promise<LoanRecord>;
    applyLoanEvent(loanId: string, event: LoanEventType, at: Date, changes: Record<string, unknown>): Promise<LoanRecord>;
  };
  readonly collections: Pick<CollectionCases, 'moveCollectionCase'>;
}

export async function writeOffLoan(ports: LoanWriteOffPorts, loanId: string, adminId: string, reason: string, at: Date): Promise<{ loanId: string; status: 'WRITTEN_OFF'; writtenOffAt: string; writtenOffBy: string }> {
  const loan = await ports.loans.getLoan(loanId);
  if (loan.status !== 'DEFAULTED') throw new InvalidTransitionError(`loan ${loanId} is ${loan.status}: only a DEFAULTED loan can be written off`);
  const written = await ports.loans.applyLoanEvent(loanId, 'WRITE_OFF', at, { writtenOffAt: at.toISOString(), writtenOffBy: adminId, writeOffReason: reason });
  const record = written as typeof written & { writtenOffAt?: string; writtenOffBy?: string };
  const writtenOffAt = record.writtenOffAt ?? at.toISOString();
  const writtenOffBy = record.writtenOffBy ?? adminId;
  await ports.collections.moveCollectionCase(loanId, ['REMINDERS', 'LEGAL', 'DEFAULTED'], 'WRITTEN_OFF', { loanId, kind: 'WRITTEN_OFF', at: writtenOffAt, by: writtenOffBy, detail: { reason } });
  return { loanId, status: 'WRITTEN_OFF', writtenOffAt, writtenOffBy };
}
