/**
 * The ledger port (double-entry, ../../core/ledger.ts): records a journal entry
 * atomically and idempotently by its id, and reads accounts' balances.
 */
import type { AccountBalance, AccountId, AvailableKept, JournalEntry } from '../../core/ledger';

/**
 * A write another port prepared (a repayment's record, an auto-bid plan's spending…)
 * that must commit in the same transaction as a journal entry, or not at all. Opaque
 * to the use case: it only hands it from the port that made it to the ledger.
 */
export type AtomicWrite = object;

export interface RecordOptions {
  readonly alsoWrite?: readonly AtomicWrite[];
  /**
   * The least `account` must still hold available after the entry (an auto-bid plan's
   * reserve), checked in the entry's own transaction with the account's balance.
   */
  readonly keepAvailable?: AvailableKept;
}

export interface Ledger {
  /** `recorded` is false for a replay of an entry already recorded (nothing changed). */
  recordEntry(entry: JournalEntry, at: Date, options?: RecordOptions): Promise<{ readonly recorded: boolean }>;
  accountBalance(account: AccountId): Promise<AccountBalance>;
  /** Several accounts' balances at once (one read for many, e.g. a day's reconciliation). */
  accountBalances(accounts: readonly AccountId[]): Promise<ReadonlyMap<AccountId, AccountBalance>>;
}
