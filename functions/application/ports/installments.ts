/** A loan's installments (its stored repayment schedule), as disbursement, repayment and compensation use them. */
import type { RepaymentSchedule } from '../../core/repayment-schedule';

export interface InstallmentRecord {
  readonly loanId: string;
  readonly number: number;
  readonly dueDate: string;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly totalFen: number;
  readonly remainingPrincipalFen: number;
  /** DUE until its due date passes unpaid (OVERDUE, set by the overdue sweep); SETTLED once fully paid. */
  readonly status: 'DUE' | 'OVERDUE' | 'SETTLED';
  /** What repayments have paid so far (absent = 0), by component. */
  readonly paidPrincipalFen?: number;
  readonly paidInterestFen?: number;
  readonly paidPenaltyFen?: number;
  /** Penalty interest (罚息) accrued by the overdue sweep (absent = 0), and the last day it covers (YYYY-MM-DD). */
  readonly penaltyFen?: number;
  readonly penaltyAccruedThrough?: string;
  readonly settledAt?: string;
}

/** What one repayment pays on one installment (servicing's fields only). */
export interface InstallmentPaymentUpdate {
  readonly number: number;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  /** Settled by early settlement: it settles without its remaining scheduled interest. */
  readonly early?: boolean;
}

export interface Installments {
  /** Stores every installment once; a replay changes nothing. */
  storeSchedule(loanId: string, schedule: RepaymentSchedule, at: Date): Promise<void>;
  installmentsOf(loanId: string): Promise<InstallmentRecord[]>;
  /** Adds one repayment's payment to an installment, once per repayment number; returns whether it is settled. */
  applyInstallmentPayment(loanId: string, payment: InstallmentPaymentUpdate, repaymentNumber: number, at: Date): Promise<boolean>;
}
