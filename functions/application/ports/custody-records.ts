/**
 * The platform's custody records: deposits and withdrawals, the bank's callback events
 * (claimed once), the day book of what the bank moved, users' custody totals and the
 * daily reconciliation reports.
 */
import type { CustodyStatus, CustodyTransactionType } from '../../core/custody';
import type { PlatformMovement, ReconciliationDifference } from '../../core/reconciliation';
import type { CustodyAccountSummary } from './user-profiles';

/** A line of a user's account statement: their own deposits and withdrawals, and the bank's transfers into or out of their sub-account. */
export type StatementLineType = CustodyTransactionType | 'transfer-in' | 'transfer-out';

/** Why the platform instructed a transfer (statement lines of type transfer-in / transfer-out). */
export type TransferPurpose = 'loan-disbursement' | 'repayment' | 'risk-reserve-compensation' | 'debt-transfer';

export interface CustodyTransaction {
  readonly transactionId: string;
  readonly type: StatementLineType;
  readonly userId: string;
  readonly subAccountId: string;
  readonly amountFen: number;
  readonly status: CustodyStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the bank executed (or refused) it, from its callback. */
  readonly settledAt?: string;
  readonly failureReason?: string;
  readonly bankEventId?: string;
  /** Transfers only: why, and for which loan. */
  readonly purpose?: TransferPurpose;
  readonly loanId?: string;
}

export interface Settlement {
  readonly transaction: CustodyTransaction;
  readonly outcome: 'CONFIRMED' | 'FAILED';
  readonly eventId: string;
  /** The bank's execution time (the callback's occurredAt) and its business date. */
  readonly settledAt: string;
  readonly businessDate: string;
  readonly reason?: string;
  readonly at: Date;
}

/** One leg of a transfer instruction the bank executed, with the owners of both sub-accounts ('platform' for the fee account). */
export interface BookedTransferLeg {
  readonly fromSubAccount: string;
  readonly fromUserId: string;
  readonly toSubAccount: string;
  readonly toUserId: string;
  readonly amountFen: number;
}

export interface BookedTransfer {
  readonly instructionId: string;
  readonly purpose: TransferPurpose;
  readonly loanId: string;
  readonly businessDate: string;
  readonly occurredAt: string;
  readonly legs: readonly BookedTransferLeg[];
}

export interface ReconciliationReport {
  readonly businessDate: string;
  readonly generatedAt: string;
  readonly status: 'BALANCED' | 'DIFFERENCES';
  readonly accountsChecked: number;
  readonly bankMovements: number;
  readonly platformMovements: number;
  readonly differenceCount: number;
  /** At most the first 500 (the count says how many there are). */
  readonly differences: readonly ReconciliationDifference[];
}

/** The day book: the transfers the bank confirmed, by business date. */
export interface TransferBook {
  /** Records a confirmed transfer's day-book lines (deterministic: again changes nothing). */
  recordTransferBook(transfer: BookedTransfer): Promise<void>;
}

/**
 * A callback moves the ledger and then writes its day-book lines: between the two the
 * books disagree. A reconciliation that saw no callback in flight and no change while
 * it read (the same `changes` before and after) read books that agree.
 */
export interface CallbackActivity {
  readonly inFlight: number;
  readonly changes: number;
}

export interface CustodyRecords extends TransferBook {
  createTransaction(transaction: CustodyTransaction): Promise<{ created: boolean; transaction: CustodyTransaction }>;
  findTransaction(id: string): Promise<CustodyTransaction | undefined>;
  /** PENDING → CONFIRMED or FAILED, once (false when it had left PENDING). */
  settleTransaction(settlement: Settlement): Promise<boolean>;
  /** Claims a callback event id: 'processed' when an earlier delivery finished it. */
  claimEvent(eventId: string, type: string, instructionId: string, at: Date): Promise<'new' | 'processed' | 'retry'>;
  completeEvent(eventId: string, at: Date, result: string): Promise<void>;
  /** The callbacks being applied now and a count that changes with every claim and completion. */
  callbackActivity(): Promise<CallbackActivity>;
  /** Stores the user's sub-account once (a racing second caller gets the first). */
  storeCustodyAccount(userId: string, account: CustodyAccountSummary): Promise<CustodyAccountSummary>;
  custodyTotals(userId: string): Promise<{ depositedFen: number; withdrawnFen: number }>;
  dayBook(date: string): Promise<Array<PlatformMovement & { userId: string }>>;
  saveReconciliationReport(report: ReconciliationReport): Promise<void>;
}
