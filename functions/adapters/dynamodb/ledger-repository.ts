/**
 * The ledger in the platform table. Keys live here only:
 *   ACCOUNT#{account} / BALANCE     debits and credits (pending, posted) and `available`
 *   ENTRY#{entryId} / ENTRY         the entry, its content hash
 *   TRANSFER#{pendingId} / PENDING  a pending transfer and its state
 * An entry and all its balance changes are written in one TransactWriteItems, with a
 * ClientRequestToken per attempt, on conditions: the entry id is new,
 * each custody account keeps a non-negative `available` (DynamoDB compares it to the
 * amount the entry takes out, so concurrent entries can never overdraw it), and each
 * pending transfer resolves from PENDING exactly once.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  assertReplayOf,
  availableOf,
  emptyBalance,
  entryContentHash,
  flagsOf,
  planEntry,
  type AccountBalance,
  type AccountId,
  type AvailableKept,
  keepingAvailable,
  type EntryPlan,
  type JournalEntry,
  type PendingTransfer,
} from '../../core/ledger';
import { ConcurrentModificationError, InsufficientFundsError, PendingTransferResolvedError } from '../../core/errors';
import { config } from '../../settings/settings';
import { batchGetAll, documents } from './client';

const accountKey = (account: AccountId) => ({ pk: `ACCOUNT#${account}`, sk: 'BALANCE' });
const entryKey = (entryId: string) => ({ pk: `ENTRY#${entryId}`, sk: 'ENTRY' });
const pendingKey = (pendingId: string) => ({ pk: `TRANSFER#${pendingId}`, sk: 'PENDING' });

const maxAttempts = 6;

export interface RecordedEntry {
  /** False when the entry had been recorded before (a replay changed nothing). */
  readonly recorded: boolean;
}

/**
 * Another item written in the entry's transaction, on its own condition (e.g. a bid
 * raising its listing's funded amount). It is written only with a new entry: a replay
 * of the entry writes nothing. When its condition fails, `conditionFailed` explains it.
 */
export interface ConditionalItem {
  readonly item: object;
  readonly conditionFailed: () => Promise<Error> | Error;
}

export interface RecordOptions {
  readonly alsoWrite?: readonly ConditionalItem[];
  /** The least `account` must still hold available after the entry (part of the account's condition). */
  readonly keepAvailable?: AvailableKept;
}

export async function recordEntry(entry: JournalEntry, at: Date, options: RecordOptions = {}): Promise<RecordedEntry> {
  const alsoWrite = options.alsoWrite ?? [];
  // Once recorded, an entry's resolutions are resolved: planning it again would refuse it, so its
  // replay is told by its content first. Any other entry's replay is told by the transaction's own
  // condition on the entry id (explainCancellation), which saves a read for every new entry.
  const resolvesPending = entry.transfers.some((transfer) => 'pendingId' in transfer);
  for (let attempt = 1; ; attempt += 1) {
    const existing = resolvesPending ? await findEntryHash(entry.id) : undefined;
    if (existing !== undefined) {
      assertReplayOf(existing, { contentHash: entryContentHash(entry), entry });
      return { recorded: false };
    }
    const pending = await pendingTransfersOf(entry);
    const plan = keepingAvailable(planEntry(entry, (id) => pending.get(id)), options.keepAvailable);
    try {
      await documents.send(
        // One token per attempt: the SDK's own retries of this request apply it once; another
        // caller recording the same entry meets the entry's condition and is told it replayed.
        new TransactWriteCommand({ TransactItems: [...transactItems(plan, at), ...alsoWrite.map((extra) => extra.item)] as never, ClientRequestToken: randomUUID() }),
      );
      return { recorded: true };
    } catch (error) {
      const outcome = await explainCancellation(error, plan, alsoWrite);
      if (outcome === 'replayed') return { recorded: false };
      if (outcome === 'retry' && attempt < maxAttempts) {
        await new Promise((wake) => setTimeout(wake, 10 * 2 ** attempt * Math.random()));
        continue;
      }
      if (outcome === 'retry') throw new ConcurrentModificationError(`journal entry ${entry.id} kept colliding; retry`);
      throw error;
    }
  }
}

function transactItems(plan: EntryPlan, at: Date) {
  const TableName = config.tableName();
  const items: object[] = [
    {
      Put: {
        TableName,
        Item: { ...entryKey(plan.entry.id), entryId: plan.entry.id, kind: plan.entry.kind, transfers: plan.entry.transfers, contentHash: plan.contentHash, recordedAt: at.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  for (const [account, delta] of plan.balanceChanges) {
    const required = plan.availableRequired.get(account);
    items.push({
      Update: {
        TableName,
        Key: accountKey(account),
        UpdateExpression:
          'SET account = :account, mustNotOverdraw = :guarded ADD debitsPending :dp, debitsPosted :dd, creditsPending :cp, creditsPosted :cc, available :available',
        ...(required !== undefined ? { ConditionExpression: 'available >= :required' } : {}),
        ExpressionAttributeValues: {
          ':account': account,
          ':guarded': flagsOf(account).debitsMustNotExceedCredits,
          ':dp': delta.debitsPending,
          ':dd': delta.debitsPosted,
          ':cp': delta.creditsPending,
          ':cc': delta.creditsPosted,
          ':available': availableOf(delta),
          ...(required !== undefined ? { ':required': required } : {}),
        },
      },
    });
  }
  for (const created of plan.pendingCreated) {
    items.push({
      Put: { TableName, Item: { ...pendingKey(created.id), ...created, entryId: plan.entry.id }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
  }
  for (const resolved of plan.pendingResolved) {
    items.push({
      Update: {
        TableName,
        Key: pendingKey(resolved.pendingId),
        UpdateExpression: 'SET #state = :to, resolvedBy = :entry',
        ConditionExpression: '#state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':to': resolved.state, ':pending': 'PENDING', ':entry': plan.entry.id },
      },
    });
  }
  return items as never;
}

/** Why a transaction was cancelled, in ledger terms; throws the domain's error where there is one. */
async function explainCancellation(error: unknown, plan: EntryPlan, alsoWrite: readonly ConditionalItem[] = []): Promise<'replayed' | 'retry' | 'unknown'> {
  if (!(error instanceof TransactionCanceledException)) return error instanceof Error && error.name === 'TransactionConflictException' ? 'retry' : 'unknown';
  const reasons = error.CancellationReasons ?? [];
  if (reasons[0]?.Code === 'ConditionalCheckFailed') {
    // Another writer recorded this id first: a replay if the content is the same.
    assertReplayOf((await findEntryHash(plan.entry.id)) ?? '', plan);
    return 'replayed';
  }
  const accountsInOrder = [...plan.balanceChanges.keys()];
  for (const [index, reason] of reasons.entries()) {
    if (reason.Code !== 'ConditionalCheckFailed') continue;
    const accountIndex = index - 1;
    const account = accountsInOrder[accountIndex];
    if (account !== undefined) throw new InsufficientFundsError(availableOf(await accountBalance(account)), plan.availableRequired.get(account) ?? 0);
    const resolvedIndex = accountIndex - accountsInOrder.length - plan.pendingCreated.length;
    const extraIndex = resolvedIndex - plan.pendingResolved.length;
    const extra = extraIndex >= 0 ? alsoWrite[extraIndex] : undefined;
    if (extra) throw await extra.conditionFailed();
    if (resolvedIndex >= 0) throw new PendingTransferResolvedError(plan.pendingResolved[resolvedIndex]?.pendingId ?? '');
    // A pending transfer id reused by another entry.
    throw new ConcurrentModificationError(`a pending transfer of entry ${plan.entry.id} already exists`);
  }
  return reasons.some((reason) => reason.Code === 'TransactionConflict') ? 'retry' : 'unknown';
}

async function findEntryHash(entryId: string): Promise<string | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: entryKey(entryId), ConsistentRead: true, ProjectionExpression: 'contentHash' }));
  return Item?.contentHash as string | undefined;
}

function pendingTransfersOf(entry: JournalEntry): Promise<Map<string, PendingTransfer>> {
  return pendingTransfers([...new Set(entry.transfers.flatMap((transfer) => ('pendingId' in transfer ? [transfer.pendingId] : [])))]);
}

export async function pendingTransfers(ids: readonly string[]): Promise<Map<string, PendingTransfer>> {
  const found = new Map<string, PendingTransfer>();
  for (const item of await batchGetAll(config.tableName(), ids.map((id) => pendingKey(id)))) {
    found.set(item.id as string, { id: item.id, debit: item.debit, credit: item.credit, amountFen: item.amountFen, state: item.state } as PendingTransfer);
  }
  return found;
}

const balanceOf = (item: Record<string, any> | undefined): AccountBalance =>
  item
    ? { debitsPending: item.debitsPending ?? 0, debitsPosted: item.debitsPosted ?? 0, creditsPending: item.creditsPending ?? 0, creditsPosted: item.creditsPosted ?? 0 }
    : emptyBalance;

export async function accountBalance(account: AccountId): Promise<AccountBalance> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: accountKey(account), ConsistentRead: true }));
  return balanceOf(Item);
}

/** The balances of several accounts, read together (an account never written has none). */
export async function accountBalances(accountIds: readonly AccountId[]): Promise<Map<AccountId, AccountBalance>> {
  const unique = [...new Set(accountIds)];
  const items = new Map((await batchGetAll(config.tableName(), unique.map(accountKey))).map((item) => [item.pk as string, item]));
  return new Map(unique.map((account) => [account, balanceOf(items.get(accountKey(account).pk))]));
}
