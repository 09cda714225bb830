/** Loan records in memory, moved through the lifecycle by core's transition table. */
import { NotFoundError } from '../../../functions/core/errors';
import { planTransition, type DisbursementRequest, type LoanEventType, type LoanRecord } from '../../../functions/core/loan-lifecycle';
import type { Loans } from '../../../functions/application/ports/loans';

export class InMemoryLoans implements Loans {
  readonly records = new Map<string, LoanRecord>();

  put(loan: LoanRecord & Record<string, unknown>): void {
    this.records.set(loan.loanId, loan);
  }

  async findLoan(loanId: string): Promise<LoanRecord | undefined> {
    return this.records.get(loanId);
  }

  async getLoan(loanId: string): Promise<LoanRecord> {
    const loan = this.records.get(loanId);
    if (!loan) throw new NotFoundError(`no loan ${loanId}`);
    return loan;
  }

  async applyLoanEvent(loanId: string, event: LoanEventType, at: Date, changes: Record<string, unknown> = {}, remove: readonly string[] = []): Promise<LoanRecord> {
    const loan = await this.getLoan(loanId);
    const plan = planTransition(loan.status, event);
    if (plan.kind === 'already-applied') return loan;
    const next: Record<string, unknown> = { ...loan, ...changes, status: plan.to, updatedAt: at.toISOString() };
    for (const attribute of remove) delete next[attribute];
    this.records.set(loanId, next as unknown as LoanRecord);
    return next as unknown as LoanRecord;
  }

  async recordDisbursementRequest(loanId: string, taskToken: string, request: DisbursementRequest): Promise<DisbursementRequest> {
    const loan = await this.getLoan(loanId);
    const recorded = loan.disbursement ?? request;
    this.records.set(loanId, { ...loan, pendingDecision: { decision: 'DISBURSEMENT', taskToken }, disbursement: recorded });
    return recorded;
  }
}
