/** Deposits and withdrawals in ledger terms: ids, entries, exactly-once settlement (pure, on the in-memory ledger). */
import { IdempotencyConflictError, InsufficientFundsError } from '../../../functions/core/errors';
import {
  custodyTransactionId,
  depositEntry,
  outcomeOfEvent,
  typeOfTransactionId,
  withdrawalFreezeEntry,
  withdrawalSettlementEntry,
} from '../../../functions/core/custody';
import { accounts, availableOf, InMemoryLedger } from '../../../functions/core/ledger';

test('ids are derived from the caller and their Idempotency-Key, per kind', () => {
  const id = custodyTransactionId('deposit', 'alice', 'key-00000001');
  expect(id).toMatch(/^dep_[0-9a-f]{32}$/);
  expect(custodyTransactionId('deposit', 'alice', 'key-00000001')).toBe(id);
  expect(custodyTransactionId('deposit', 'bob', 'key-00000001')).not.toBe(id);
  expect(custodyTransactionId('withdrawal', 'alice', 'key-00000001')).toMatch(/^wdr_/);
  expect(typeOfTransactionId(id)).toBe('deposit');
  expect(typeOfTransactionId('wdr_0123')).toBeUndefined();
  expect(outcomeOfEvent('withdrawal.failed')).toEqual({ type: 'withdrawal', succeeded: false });
  expect(outcomeOfEvent('transfer.succeeded')).toBeUndefined();
});

test('a confirmed deposit credits the custody mirror once, however often it is replayed', () => {
  const ledger = new InMemoryLedger();
  expect(ledger.record(depositEntry('dep_1', 'alice', 10_000))).toBe(true);
  expect(ledger.record(depositEntry('dep_1', 'alice', 10_000))).toBe(false);
  expect(() => ledger.record(depositEntry('dep_1', 'alice', 99_999))).toThrow(IdempotencyConflictError);
  expect(availableOf(ledger.balance(accounts.custody('alice')))).toBe(10_000);
});

test('a withdrawal freezes first, never beyond the available balance, and settles exactly once', () => {
  const ledger = new InMemoryLedger();
  ledger.record(depositEntry('dep_1', 'alice', 10_000));
  ledger.record(withdrawalFreezeEntry('wdr_1', 'alice', 10_000));
  expect(() => ledger.record(withdrawalFreezeEntry('wdr_2', 'alice', 1))).toThrow(InsufficientFundsError);
  expect(ledger.balance(accounts.custody('alice'))).toMatchObject({ debitsPending: 10_000 });
  expect(ledger.record(withdrawalSettlementEntry('wdr_1', 'post'))).toBe(true);
  expect(ledger.record(withdrawalSettlementEntry('wdr_1', 'post'))).toBe(false);
  // A contradicting outcome for the same withdrawal is refused.
  expect(() => ledger.record(withdrawalSettlementEntry('wdr_1', 'void'))).toThrow(IdempotencyConflictError);
  expect(ledger.balance(accounts.custody('alice'))).toEqual({ debitsPending: 0, debitsPosted: 10_000, creditsPending: 0, creditsPosted: 10_000 });
  expect(ledger.balance(accounts.custodianBank)).toEqual({ debitsPending: 0, debitsPosted: 10_000, creditsPending: 0, creditsPosted: 10_000 });
});

test('a failed withdrawal voids its freeze: the money is available again', () => {
  const ledger = new InMemoryLedger();
  ledger.record(depositEntry('dep_1', 'bob', 5_000));
  ledger.record(withdrawalFreezeEntry('wdr_9', 'bob', 4_000));
  expect(availableOf(ledger.balance(accounts.custody('bob')))).toBe(1_000);
  ledger.record(withdrawalSettlementEntry('wdr_9', 'void'));
  expect(availableOf(ledger.balance(accounts.custody('bob')))).toBe(5_000);
});
