/**
 * The platform's double-entry ledger, after TigerBeetle's accounts and transfers.
 * Every journal entry is a list of transfers, each debiting one account and
 * crediting another by the same amount in fen, so every entry balances and the sum
 * over all accounts is always zero. Entries are immutable; a mistake is fixed by a
 * reversing entry. A bid's freeze is a pending transfer, later posted (disbursed) or
 * voided (expired), exactly once.
 *
 * Balances per account: debits and credits, each pending or posted. A custody
 * account (the mirror of a user's sub-account at the custodian bank) is
 * credit-normal and flagged debitsMustNotExceedCredits (flagsOf), so it never goes negative:
 *   available = creditsPosted − debitsPosted − debitsPending ≥ 0.
 * This module plans an entry against the current balances (pure); the repository
 * writes the plan atomically and conditionally.
 */
import { createHash } from 'node:crypto';
import { IdempotencyConflictError, InsufficientFundsError, InvalidRequestError, NotFoundError, PendingTransferResolvedError } from './errors';

export type AccountId = string;

/** Account names: the only place they are spelled. */
export const accounts = {
  /** A user's custody sub-account mirror: available balance, frozen as pending debits. */
  custody: (userId: string): AccountId => `custody:${userId}`,
  /** A listing's subscription: frozen bids are credited here when posted at disbursement. */
  subscription: (loanId: string): AccountId => `loan:${loanId}:subscription`,
  receivablePrincipal: (loanId: string, investorId: string): AccountId => `loan:${loanId}:receivable-principal:${investorId}`,
  receivableInterest: (loanId: string, investorId: string): AccountId => `loan:${loanId}:receivable-interest:${investorId}`,
  feeIncome: 'platform:fee-income' as AccountId,
  riskReserve: 'platform:risk-reserve' as AccountId,
  /** The platform's mirror of the money the custodian bank holds for users. */
  custodianBank: 'platform:custodian-bank' as AccountId,
};

/**
 * Account flags, after TigerBeetle's: a property each kind of account is declared with,
 * which the ledger enforces on every entry.
 */
export interface AccountFlags {
  /** The account's available balance (credits posted − debits posted − debits pending) never goes below zero. */
  readonly debitsMustNotExceedCredits: boolean;
}

/** Every kind of account (the first segment of its name, as `accounts` spells it) and its flags. */
const accountKinds: Readonly<Record<string, AccountFlags>> = {
  /** A user's custody mirror: the user can never spend or freeze more than they hold. */
  custody: { debitsMustNotExceedCredits: true },
  /** A loan's subscription and receivables: they run negative by design (credit-normal counterparts). */
  loan: { debitsMustNotExceedCredits: false },
  /** The platform's fee income, risk reserve and custodian-bank mirror. */
  platform: { debitsMustNotExceedCredits: false },
};

const noFlags: AccountFlags = { debitsMustNotExceedCredits: false };

/** The flags of an account, by its kind (an account of no declared kind has none). */
export const flagsOf = (account: AccountId): AccountFlags => accountKinds[account.slice(0, account.indexOf(':'))] ?? noFlags;

export interface AccountBalance {
  readonly debitsPending: number;
  readonly debitsPosted: number;
  readonly creditsPending: number;
  readonly creditsPosted: number;
}

export const emptyBalance: AccountBalance = { debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 };

export const availableOf = (balance: AccountBalance): number => balance.creditsPosted - balance.debitsPosted - balance.debitsPending;

export type Transfer =
  /** Moves money now. */
  | { readonly kind: 'posted'; readonly id: string; readonly debit: AccountId; readonly credit: AccountId; readonly amountFen: number }
  /** Reserves money (a freeze): counted against the debit account's available balance. */
  | { readonly kind: 'pending'; readonly id: string; readonly debit: AccountId; readonly credit: AccountId; readonly amountFen: number }
  /** Completes a pending transfer in full. */
  | { readonly kind: 'post-pending'; readonly id: string; readonly pendingId: string }
  /** Cancels a pending transfer: the reserved money is available again. */
  | { readonly kind: 'void-pending'; readonly id: string; readonly pendingId: string };

export interface JournalEntry {
  /** Caller-supplied: the same id twice is one entry. */
  readonly id: string;
  /** What happened, in lending terms: deposit, bid-freeze, disbursement, repayment… */
  readonly kind: string;
  readonly transfers: readonly Transfer[];
}

export interface PendingTransfer {
  readonly id: string;
  readonly debit: AccountId;
  readonly credit: AccountId;
  readonly amountFen: number;
  readonly state: 'PENDING' | 'POSTED' | 'VOIDED';
}

/** What one entry does: the change to each account, and to each pending transfer. */
export interface EntryPlan {
  readonly entry: JournalEntry;
  readonly contentHash: string;
  readonly balanceChanges: ReadonlyMap<AccountId, AccountBalance>;
  /** Accounts that must keep a non-negative available balance, with the least they must hold before. */
  readonly availableRequired: ReadonlyMap<AccountId, number>;
  readonly pendingCreated: readonly PendingTransfer[];
  readonly pendingResolved: ReadonlyArray<{ readonly pendingId: string; readonly state: 'POSTED' | 'VOIDED' }>;
}

export const maxTransfersPerEntry = 24;

/** A stable digest of an entry's content, to tell a replay from a conflicting reuse of its id. */
export function entryContentHash(entry: JournalEntry): string {
  return createHash('sha256').update(JSON.stringify({ kind: entry.kind, transfers: entry.transfers })).digest('hex');
}

/**
 * Plans an entry. `pendingTransfer` looks up pending transfers this entry resolves
 * (created by earlier entries). Checks everything that does not depend on balances;
 * `checkAgainst` checks the balances.
 */
export function planEntry(entry: JournalEntry, pendingTransfer: (id: string) => PendingTransfer | undefined): EntryPlan {
  if (entry.id.length === 0 || entry.id.length > 200) throw new InvalidRequestError('an entry id is 1 to 200 characters');
  if (entry.transfers.length === 0 || entry.transfers.length > maxTransfersPerEntry) {
    throw new InvalidRequestError(`an entry has 1 to ${maxTransfersPerEntry} transfers`);
  }
  const changes = new Map<AccountId, { debitsPending: number; debitsPosted: number; creditsPending: number; creditsPosted: number }>();
  const change = (account: AccountId) => {
    let delta = changes.get(account);
    if (!delta) changes.set(account, (delta = { ...emptyBalance }));
    return delta;
  };
  const pendingCreated: PendingTransfer[] = [];
  const pendingResolved: Array<{ pendingId: string; state: 'POSTED' | 'VOIDED' }> = [];
  const seenIds = new Set<string>();
  for (const transfer of entry.transfers) {
    if (seenIds.has(transfer.id)) throw new InvalidRequestError(`transfer ${transfer.id} appears twice in entry ${entry.id}`);
    seenIds.add(transfer.id);
    if (transfer.kind === 'posted' || transfer.kind === 'pending') {
      if (!Number.isSafeInteger(transfer.amountFen) || transfer.amountFen <= 0) throw new InvalidRequestError('a transfer moves a positive whole number of fen');
      if (transfer.debit === transfer.credit) throw new InvalidRequestError('a transfer moves money between two different accounts');
      if (transfer.kind === 'posted') {
        change(transfer.debit).debitsPosted += transfer.amountFen;
        change(transfer.credit).creditsPosted += transfer.amountFen;
      } else {
        change(transfer.debit).debitsPending += transfer.amountFen;
        change(transfer.credit).creditsPending += transfer.amountFen;
        pendingCreated.push({ id: transfer.id, debit: transfer.debit, credit: transfer.credit, amountFen: transfer.amountFen, state: 'PENDING' });
      }
      continue;
    }
    const pending = pendingTransfer(transfer.pendingId);
    if (!pending) throw new NotFoundError(`no pending transfer ${transfer.pendingId}`);
    if (pending.state !== 'PENDING' || pendingResolved.some((resolved) => resolved.pendingId === pending.id)) {
      throw new PendingTransferResolvedError(pending.id);
    }
    change(pending.debit).debitsPending -= pending.amountFen;
    change(pending.credit).creditsPending -= pending.amountFen;
    if (transfer.kind === 'post-pending') {
      change(pending.debit).debitsPosted += pending.amountFen;
      change(pending.credit).creditsPosted += pending.amountFen;
    }
    pendingResolved.push({ pendingId: pending.id, state: transfer.kind === 'post-pending' ? 'POSTED' : 'VOIDED' });
  }
  const availableRequired = new Map<AccountId, number>();
  for (const [account, delta] of changes) {
    const availableChange = availableOf(delta);
    if (flagsOf(account).debitsMustNotExceedCredits && availableChange < 0) availableRequired.set(account, -availableChange);
  }
  return { entry, contentHash: entryContentHash(entry), balanceChanges: changes, availableRequired, pendingCreated, pendingResolved };
}

/** The least an account must still hold available after an entry (an auto-bid plan's reserve). */
export interface AvailableKept {
  readonly account: AccountId;
  readonly fen: number;
}

/** The plan with `keep` added to what its account must hold before the entry (when the entry takes from it). */
export function keepingAvailable(plan: EntryPlan, keep: AvailableKept | undefined): EntryPlan {
  const required = keep ? plan.availableRequired.get(keep.account) : undefined;
  if (!keep || required === undefined || keep.fen <= 0) return plan;
  return { ...plan, availableRequired: new Map([...plan.availableRequired, [keep.account, required + keep.fen]]) };
}

/** Throws InsufficientFundsError if the plan would overdraw an account with these balances. */
export function checkAgainst(plan: EntryPlan, balance: (account: AccountId) => AccountBalance): void {
  for (const [account, required] of plan.availableRequired) {
    const available = availableOf(balance(account));
    if (available < required) throw new InsufficientFundsError(available, required);
  }
}

export function applyChange(balance: AccountBalance, delta: AccountBalance): AccountBalance {
  return {
    debitsPending: balance.debitsPending + delta.debitsPending,
    debitsPosted: balance.debitsPosted + delta.debitsPosted,
    creditsPending: balance.creditsPending + delta.creditsPending,
    creditsPosted: balance.creditsPosted + delta.creditsPosted,
  };
}

/** Same id, same content: a replay (no-op). Same id, other content: a conflict. */
export function assertReplayOf(recordedHash: string, plan: Pick<EntryPlan, 'contentHash' | 'entry'>): void {
  if (recordedHash !== plan.contentHash) throw new IdempotencyConflictError(`journal entry id ${plan.entry.id}`);
}

/**
 * The ledger in memory: the reference model the property tests drive, and the
 * semantics the DynamoDB repository must match.
 */
export class InMemoryLedger {
  private readonly balances = new Map<AccountId, AccountBalance>();
  private readonly pending = new Map<string, PendingTransfer>();
  private readonly entries = new Map<string, string>();

  /** Returns false for a replay of an entry already recorded. */
  record(entry: JournalEntry, keepAvailable?: AvailableKept): boolean {
    const recorded = this.entries.get(entry.id);
    if (recorded !== undefined) {
      assertReplayOf(recorded, { contentHash: entryContentHash(entry), entry });
      return false;
    }
    const plan = keepingAvailable(planEntry(entry, (id) => this.pending.get(id)), keepAvailable);
    checkAgainst(plan, (account) => this.balance(account));
    for (const [account, delta] of plan.balanceChanges) this.balances.set(account, applyChange(this.balance(account), delta));
    for (const created of plan.pendingCreated) this.pending.set(created.id, created);
    for (const resolved of plan.pendingResolved) {
      const pending = this.pending.get(resolved.pendingId);
      if (pending) this.pending.set(pending.id, { ...pending, state: resolved.state });
    }
    this.entries.set(entry.id, plan.contentHash);
    return true;
  }

  balance(account: AccountId): AccountBalance {
    return this.balances.get(account) ?? emptyBalance;
  }

  allBalances(): ReadonlyMap<AccountId, AccountBalance> {
    return this.balances;
  }

  pendingTransfer(id: string): PendingTransfer | undefined {
    return this.pending.get(id);
  }
}
