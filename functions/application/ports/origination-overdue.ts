/**
 * The overdue book as the overdue sweep and the collection reminders read and write it
 * (adapters/dynamodb/overdue-repository.ts: the dueDates index, DUE# and OVERDUE# keys).
 */
import type { OverdueBucket, OverdueInstallment, PenaltyAccrual } from '../../core/overdue';

/** An installment found through the dueDates index. */
export type IndexedInstallment = OverdueInstallment & { readonly loanId: string; readonly status: 'DUE' | 'OVERDUE' | 'SETTLED' };

/** Reads made by one run (queries and items), reported in its summary. */
export interface ReadCounter {
  queries: number;
  itemsRead: number;
}

export interface OverdueBook {
  newReadCounter(): ReadCounter;
  installmentsDueOn(date: string, counter: ReadCounter): Promise<IndexedInstallment[]>;
  overdueInstallments(counter: ReadCounter): Promise<IndexedInstallment[]>;
  /** The installment OVERDUE (re-keyed) with its penalty accrued through today; false when today's work was done. */
  markOverdue(installment: IndexedInstallment, today: string, accrual: PenaltyAccrual | undefined, at: Date): Promise<boolean>;
  recordLoanAgeing(loanId: string, today: string, overdueDays: number, bucket: OverdueBucket | undefined): Promise<boolean>;
  markLoanOverdue(loanId: string, today: string): Promise<void>;
  loansMarkedOverdue(counter: ReadCounter): Promise<string[]>;
  clearLoanOverdue(loanId: string, today: string): Promise<void>;
  /** The last due date whose DUE# installments a completed sweep has read (undefined: none yet). */
  sweptThrough(counter: ReadCounter): Promise<string | undefined>;
  /** Moves that date forward (never back), once a sweep has done its work. */
  recordSweptThrough(date: string): Promise<void>;
}
