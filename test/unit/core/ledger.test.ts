/**
 * The ledger's invariants through random sequences of deposit, withdraw, freeze,
 * post and void (fast-check), against a plain model of each user's money.
 */
import fc from 'fast-check';
import { IdempotencyConflictError, InsufficientFundsError, PendingTransferResolvedError } from '../../../functions/core/errors';
import { accounts, availableOf, InMemoryLedger, type JournalEntry } from '../../../functions/core/ledger';

const users = ['u1', 'u2', 'u3'];
const loan = 'loan-1';

type Operation =
  | { op: 'deposit'; user: string; amount: number }
  | { op: 'withdraw'; user: string; amount: number }
  | { op: 'freeze'; user: string; amount: number }
  | { op: 'post'; pick: number }
  | { op: 'void'; pick: number };

const userArb = fc.constantFrom(...users);
const amountArb = fc.integer({ min: 1, max: 500_000 });
const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('deposit' as const), user: userArb, amount: amountArb }),
  fc.record({ op: fc.constant('withdraw' as const), user: userArb, amount: amountArb }),
  fc.record({ op: fc.constant('freeze' as const), user: userArb, amount: amountArb }),
  fc.record({ op: fc.constant('post' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('void' as const), pick: fc.nat() }),
);

function entryFor(operation: Operation, index: number, freezes: string[]): JournalEntry {
  const id = `e${index}`;
  switch (operation.op) {
    case 'deposit':
      return { id, kind: 'deposit', transfers: [{ kind: 'posted', id: `${id}.1`, debit: accounts.custodianBank, credit: accounts.custody(operation.user), amountFen: operation.amount }] };
    case 'withdraw':
      return { id, kind: 'withdrawal', transfers: [{ kind: 'posted', id: `${id}.1`, debit: accounts.custody(operation.user), credit: accounts.custodianBank, amountFen: operation.amount }] };
    case 'freeze':
      return { id, kind: 'bid-freeze', transfers: [{ kind: 'pending', id: `${id}.1`, debit: accounts.custody(operation.user), credit: accounts.subscription(loan), amountFen: operation.amount }] };
    case 'post':
    case 'void':
      return {
        id,
        kind: operation.op === 'post' ? 'disbursement' : 'bid-void',
        transfers: [{ kind: operation.op === 'post' ? 'post-pending' : 'void-pending', id: `${id}.1`, pendingId: freezes[operation.pick % Math.max(1, freezes.length)] ?? 'none' }],
      };
  }
}

test('accounts sum to zero, no custody account goes negative, and available matches a plain model', () => {
  fc.assert(
    fc.property(fc.array(operationArb, { minLength: 1, maxLength: 80 }), (operations) => {
      const ledger = new InMemoryLedger();
      const model = new Map(users.map((user) => [user, { posted: 0, frozen: 0 }]));
      const freezes: string[] = [];
      const owner = new Map<string, { user: string; amount: number; open: boolean }>();
      operations.forEach((operation, index) => {
        const entry = entryFor(operation, index, freezes);
        const user = 'user' in operation ? model.get(operation.user) : undefined;
        const target = 'pick' in operation ? owner.get(freezes[operation.pick % Math.max(1, freezes.length)] ?? '') : undefined;
        const expectFailure =
          (operation.op === 'withdraw' || operation.op === 'freeze') && user !== undefined && user.posted - user.frozen < operation.amount
            ? InsufficientFundsError
            : (operation.op === 'post' || operation.op === 'void') && (!target || !target.open)
              ? Error
              : undefined;
        if (expectFailure) {
          expect(() => ledger.record(entry)).toThrow(expectFailure);
          return;
        }
        expect(ledger.record(entry)).toBe(true);
        // A replay of the same entry changes nothing.
        expect(ledger.record(entry)).toBe(false);
        if (operation.op === 'deposit' && user) user.posted += operation.amount;
        if (operation.op === 'withdraw' && user) user.posted -= operation.amount;
        if (operation.op === 'freeze' && user) {
          user.frozen += operation.amount;
          freezes.push(`e${index}.1`);
          owner.set(`e${index}.1`, { user: operation.user, amount: operation.amount, open: true });
        }
        if ((operation.op === 'post' || operation.op === 'void') && target) {
          const account = model.get(target.user);
          if (account) {
            account.frozen -= target.amount;
            if (operation.op === 'post') account.posted -= target.amount;
          }
          target.open = false;
        }
      });
      let net = 0;
      let pendingNet = 0;
      for (const [account, balance] of ledger.allBalances()) {
        net += balance.creditsPosted - balance.debitsPosted;
        pendingNet += balance.creditsPending - balance.debitsPending;
        if (account.startsWith('custody:')) expect(availableOf(balance)).toBeGreaterThanOrEqual(0);
      }
      expect(net).toBe(0);
      expect(pendingNet).toBe(0);
      for (const [user, expected] of model) {
        const balance = ledger.balance(accounts.custody(user));
        expect(availableOf(balance)).toBe(expected.posted - expected.frozen);
        expect(balance.debitsPending).toBe(expected.frozen);
      }
    }),
    { numRuns: 300 },
  );
});

test('a pending transfer resolves exactly once, whether posted or voided', () => {
  const ledger = new InMemoryLedger();
  ledger.record({ id: 'd', kind: 'deposit', transfers: [{ kind: 'posted', id: 'd.1', debit: accounts.custodianBank, credit: accounts.custody('u1'), amountFen: 10_000 }] });
  ledger.record({ id: 'f', kind: 'bid-freeze', transfers: [{ kind: 'pending', id: 'bid-1', debit: accounts.custody('u1'), credit: accounts.subscription(loan), amountFen: 6_000 }] });
  expect(availableOf(ledger.balance(accounts.custody('u1')))).toBe(4_000);
  ledger.record({ id: 'p', kind: 'disbursement', transfers: [{ kind: 'post-pending', id: 'p.1', pendingId: 'bid-1' }] });
  expect(() => ledger.record({ id: 'v', kind: 'bid-void', transfers: [{ kind: 'void-pending', id: 'v.1', pendingId: 'bid-1' }] })).toThrow(PendingTransferResolvedError);
  expect(ledger.balance(accounts.custody('u1'))).toEqual({ debitsPending: 0, debitsPosted: 6_000, creditsPending: 0, creditsPosted: 10_000 });
  expect(ledger.balance(accounts.subscription(loan)).creditsPosted).toBe(6_000);
});

test('an entry id reused with other content is refused', () => {
  const ledger = new InMemoryLedger();
  const deposit = (amountFen: number): JournalEntry => ({ id: 'dep-1', kind: 'deposit', transfers: [{ kind: 'posted', id: 'dep-1.1', debit: accounts.custodianBank, credit: accounts.custody('u1'), amountFen }] });
  ledger.record(deposit(100));
  expect(() => ledger.record(deposit(101))).toThrow(IdempotencyConflictError);
  expect(ledger.balance(accounts.custody('u1')).creditsPosted).toBe(100);
});

test('malformed transfers are refused before anything moves', () => {
  const ledger = new InMemoryLedger();
  const entry = (amountFen: number, credit = accounts.custody('u1')): JournalEntry => ({ id: `bad-${amountFen}-${credit}`, kind: 'deposit', transfers: [{ kind: 'posted', id: 't', debit: accounts.custodianBank, credit, amountFen }] });
  for (const amount of [0, -5, 1.5, Number.NaN]) expect(() => ledger.record(entry(amount))).toThrow(/positive whole number/);
  expect(() => ledger.record(entry(5, accounts.custodianBank))).toThrow(/two different accounts/);
  expect(ledger.allBalances().size).toBe(0);
});
