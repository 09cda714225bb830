/** The loan records the money-moving use cases read and move through their lifecycle. */
import type { DisbursementRequest, LoanEventType, LoanRecord } from '../../core/loan-lifecycle';

export interface Loans {
  findLoan(loanId: string): Promise<LoanRecord | undefined>;
  /** The loan, or NotFoundError. */
  getLoan(loanId: string): Promise<LoanRecord>;
  /** Applies a lifecycle event with the attributes it sets (and removes); a replay changes nothing. */
  applyLoanEvent(loanId: string, event: LoanEventType, at: Date, changes?: Partial<Omit<LoanRecord, 'loanId' | 'status'>> & Record<string, unknown>, remove?: readonly string[]): Promise<LoanRecord>;
  /** Records the disbursement wait's token and figures on the FUNDED loan; a retry keeps the first figures. */
  recordDisbursementRequest(loanId: string, taskToken: string, request: DisbursementRequest, at: Date): Promise<DisbursementRequest>;
}
