/**
 * The ledger port in memory: core's InMemoryLedger (the reference model) behind the
 * port, with the writes other in-memory ports prepare (AtomicWrite) committed in the
 * same step: every check first, then the entry, then the writes — all or nothing, and
 * nothing for a replayed entry, as the DynamoDB repository does.
 */
import { InMemoryLedger, accounts, type AccountBalance, type AccountId, type JournalEntry } from '../../../functions/core/ledger';
import type { AtomicWrite, Ledger, RecordOptions } from '../../../functions/application/ports/ledger';

/** A write prepared by an in-memory port: `check` throws the refusal, `apply` writes. */
export interface InMemoryWrite {
  check(): void;
  apply(): void;
}

export const inMemoryWrite = (write: InMemoryWrite): AtomicWrite => write;

export class InMemoryLedgerPort implements Ledger {
  readonly model = new InMemoryLedger();
  /** Every entry recorded through the port, in order. */
  readonly entries: JournalEntry[] = [];
  private readonly recordedIds = new Set<string>();
  private funded = 0;

  async recordEntry(entry: JournalEntry, _at: Date, options: RecordOptions = {}): Promise<{ recorded: boolean }> {
    // A replay (same id, same content) writes nothing; other content under the same id is refused by the model.
    if (this.recordedIds.has(entry.id)) return { recorded: this.model.record(entry) };
    const writes = (options.alsoWrite ?? []) as readonly InMemoryWrite[];
    for (const write of writes) write.check();
    this.model.record(entry, options.keepAvailable);
    for (const write of writes) write.apply();
    this.recordedIds.add(entry.id);
    this.entries.push(entry);
    return { recorded: true };
  }

  async accountBalance(account: AccountId): Promise<AccountBalance> {
    return this.model.balance(account);
  }

  async accountBalances(accountIds: readonly AccountId[]): Promise<ReadonlyMap<AccountId, AccountBalance>> {
    return new Map(accountIds.map((account) => [account, this.model.balance(account)]));
  }

  /** Money arriving from the custodian bank into an account (a user's deposit, the risk reserve's provision). */
  fund(account: AccountId, amountFen: number): void {
    this.funded += 1;
    this.model.record({ id: `funding-${this.funded}`, kind: 'deposit', transfers: [{ kind: 'posted', id: `funding-${this.funded}.1`, debit: accounts.custodianBank, credit: account, amountFen }] });
  }
}
