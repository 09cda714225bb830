/**
 * The ledger in DynamoDB Local: replays are no-ops, reused ids with other content
 * are refused, pending transfers resolve once, concurrent entries never overdraw an
 * account nor dip below a reserve they must keep, and a random sequence matches the in-memory reference ledger exactly.
 */
import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { IdempotencyConflictError, InsufficientFundsError, PendingTransferResolvedError } from '../../functions/core/errors';
import { accounts, availableOf, InMemoryLedger, type JournalEntry } from '../../functions/core/ledger';
import { startTestTable, type TestTable } from '../support/dynamodb';

type Repository = typeof import('../../functions/adapters/dynamodb/ledger-repository');
let dynamodb: TestTable;
let ledger: Repository;
let documents: (typeof import('../../functions/adapters/dynamodb/client'))['documents'];
const at = new Date('2026-11-25T00:00:00Z');

beforeAll(async () => {
  dynamodb = await startTestTable();
  ledger = await import('../../functions/adapters/dynamodb/ledger-repository');
  ({ documents } = await import('../../functions/adapters/dynamodb/client'));
}, 60_000);
afterAll(async () => {
  documents?.destroy();
  await dynamodb?.stop();
});

const deposit = (id: string, user: string, amountFen: number): JournalEntry => ({
  id,
  kind: 'deposit',
  transfers: [{ kind: 'posted', id: `${id}.1`, debit: accounts.custodianBank, credit: accounts.custody(user), amountFen }],
});
const freeze = (id: string, user: string, loanId: string, amountFen: number): JournalEntry => ({
  id,
  kind: 'bid-freeze',
  transfers: [{ kind: 'pending', id, debit: accounts.custody(user), credit: accounts.subscription(loanId), amountFen }],
});

test('a replayed entry changes nothing; its id with other content is refused', async () => {
  expect(await ledger.recordEntry(deposit('dep-a', 'alice', 10_000), at)).toEqual({ recorded: true });
  expect(await ledger.recordEntry(deposit('dep-a', 'alice', 10_000), at)).toEqual({ recorded: false });
  await expect(ledger.recordEntry(deposit('dep-a', 'alice', 99_999), at)).rejects.toBeInstanceOf(IdempotencyConflictError);
  expect(await ledger.accountBalance(accounts.custody('alice'))).toEqual({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 10_000 });
});

test('a freeze replayed after the rest of the money was frozen elsewhere is still a replay, not a shortfall', async () => {
  await ledger.recordEntry(deposit('dep-e', 'erin', 10_000), at);
  expect(await ledger.recordEntry(freeze('bid-e1', 'erin', 'loan-e', 6_000), at)).toEqual({ recorded: true });
  expect(await ledger.recordEntry(freeze('bid-e2', 'erin', 'loan-e', 4_000), at)).toEqual({ recorded: true });
  // Nothing is available now: the replay is told by the entry's own condition, before the account's.
  expect(await ledger.recordEntry(freeze('bid-e1', 'erin', 'loan-e', 6_000), at)).toEqual({ recorded: false });
  await expect(ledger.recordEntry(freeze('bid-e1', 'erin', 'loan-e', 7_000), at)).rejects.toBeInstanceOf(IdempotencyConflictError);
  expect(await ledger.accountBalance(accounts.custody('erin'))).toEqual({ debitsPending: 10_000, debitsPosted: 0, creditsPending: 0, creditsPosted: 10_000 });
});

test('a freeze resolves once: posted at disbursement, never voided after', async () => {
  await ledger.recordEntry(deposit('dep-b', 'bob', 50_000), at);
  await ledger.recordEntry(freeze('bid-b1', 'bob', 'loan-b', 30_000), at);
  await expect(ledger.recordEntry(freeze('bid-b2', 'bob', 'loan-b', 30_000), at)).rejects.toBeInstanceOf(InsufficientFundsError);
  expect(availableOf(await ledger.accountBalance(accounts.custody('bob')))).toBe(20_000);
  const posting: JournalEntry = { id: 'disburse-b', kind: 'disbursement', transfers: [{ kind: 'post-pending', id: 'disburse-b.1', pendingId: 'bid-b1' }] };
  expect(await ledger.recordEntry(posting, at)).toEqual({ recorded: true });
  // A retried step replays the posting after its freeze resolved: recognised as a replay, not refused.
  expect(await ledger.recordEntry(posting, at)).toEqual({ recorded: false });
  await expect(
    ledger.recordEntry({ id: 'void-b', kind: 'bid-void', transfers: [{ kind: 'void-pending', id: 'void-b.1', pendingId: 'bid-b1' }] }, at),
  ).rejects.toBeInstanceOf(PendingTransferResolvedError);
  expect(await ledger.accountBalance(accounts.custody('bob'))).toEqual({ debitsPending: 0, debitsPosted: 30_000, creditsPending: 0, creditsPosted: 50_000 });
  expect((await ledger.pendingTransfers(['bid-b1'])).get('bid-b1')?.state).toBe('POSTED');
});

test('concurrent entries on one account never overdraw it', async () => {
  await ledger.recordEntry(deposit('dep-c', 'carol', 100_000), at);
  const attempts = Array.from({ length: 40 }, (_, index) => ledger.recordEntry(freeze(`bid-c${index}`, 'carol', 'loan-c', 7_000), at));
  const outcomes = await Promise.allSettled(attempts);
  const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
  const refused = outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof InsufficientFundsError).length;
  // 100,000 fen holds fourteen 7,000-fen freezes and not one more.
  expect(succeeded).toBe(14);
  expect(refused).toBe(26);
  const balance = await ledger.accountBalance(accounts.custody('carol'));
  expect(balance.debitsPending).toBe(98_000);
  expect(availableOf(balance)).toBe(2_000);
}, 60_000);

test('concurrent freezes that must keep a reserve (an auto-bid plan’s) leave at least the reserve, to the fen; one without it may go below', async () => {
  await ledger.recordEntry(deposit('dep-r', 'rita', 100_000), at);
  const keepAvailable = { account: accounts.custody('rita'), fen: 30_000 };
  const attempts = Array.from({ length: 30 }, (_, index) => ledger.recordEntry(freeze(`bid-r${index}`, 'rita', 'loan-r', 7_000), at, { keepAvailable }));
  const outcomes = await Promise.allSettled(attempts);
  // 100,000 − 30,000 kept holds ten 7,000-fen freezes and not one more.
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
  expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof InsufficientFundsError)).toHaveLength(20);
  expect(availableOf(await ledger.accountBalance(accounts.custody('rita')))).toBe(30_000);
  await ledger.recordEntry(freeze('bid-r-manual', 'rita', 'loan-r', 7_000), at);
  expect(availableOf(await ledger.accountBalance(accounts.custody('rita')))).toBe(23_000);
  // The in-memory reference ledger keeps the reserve the same way.
  const reference = new InMemoryLedger();
  reference.record(deposit('dep-r', 'rita', 10_000));
  expect(() => reference.record(freeze('bid-r1', 'rita', 'loan-r', 7_001), { account: accounts.custody('rita'), fen: 3_000 })).toThrow(InsufficientFundsError);
  expect(reference.record(freeze('bid-r1', 'rita', 'loan-r', 7_000), { account: accounts.custody('rita'), fen: 3_000 })).toBe(true);
}, 60_000);

test('concurrent replays of one entry record it once', async () => {
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => ledger.recordEntry(deposit('dep-d', 'dave', 1_234), at)));
  expect(outcomes.filter((outcome) => outcome.recorded)).toHaveLength(1);
  expect((await ledger.accountBalance(accounts.custody('dave'))).creditsPosted).toBe(1_234);
}, 60_000);

test('a random sequence leaves the table exactly where the reference ledger is, summing to zero', async () => {
  const users = ['x1', 'x2'];
  const model = new InMemoryLedger();
  const operations = fc.sample(
    fc.tuple(fc.constantFrom('deposit', 'withdraw', 'freeze', 'post', 'void'), fc.constantFrom(...users), fc.integer({ min: 1, max: 40_000 }), fc.nat()),
    { numRuns: 60, seed: 20261125 },
  );
  const freezes: string[] = [];
  for (const [index, [operation, user, amountFen, pick]] of operations.entries()) {
    const id = `rand-${index}`;
    const pendingId = freezes[pick % Math.max(1, freezes.length)] ?? 'none';
    const entry: JournalEntry =
      operation === 'deposit'
        ? deposit(id, user, amountFen)
        : operation === 'withdraw'
          ? { id, kind: 'withdrawal', transfers: [{ kind: 'posted', id: `${id}.1`, debit: accounts.custody(user), credit: accounts.custodianBank, amountFen }] }
          : operation === 'freeze'
            ? freeze(id, user, 'loan-x', amountFen)
            : { id, kind: operation, transfers: [{ kind: operation === 'post' ? 'post-pending' : 'void-pending', id: `${id}.1`, pendingId }] };
    let expected: unknown;
    try {
      model.record(entry);
      if (operation === 'freeze') freezes.push(id);
    } catch (error) {
      expected = (error as Error).name;
    }
    const actual = await ledger.recordEntry(entry, at).then(
      () => undefined,
      (error: Error) => error.name,
    );
    expect(actual).toBe(expected);
  }
  const { Items = [] } = await documents.send(new ScanCommand({ TableName: process.env.TABLE_NAME, FilterExpression: 'begins_with(pk, :account)', ExpressionAttributeValues: { ':account': 'ACCOUNT#' } }));
  // Across every account in the table (all tests' entries), credits and debits balance.
  const net = Items.reduce((sum, item) => sum + item.creditsPosted - item.debitsPosted, 0);
  for (const account of [accounts.custody('x1'), accounts.custody('x2'), accounts.subscription('loan-x')]) {
    const reference = model.balance(account);
    expect({ account, balance: await ledger.accountBalance(account) }).toEqual({ account, balance: reference });
    expect(Items.find((item) => item.account === account)?.available ?? 0).toBe(availableOf(reference));
  }
  expect(net).toBe(0);
}, 120_000);
