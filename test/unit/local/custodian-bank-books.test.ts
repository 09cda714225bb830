/**
 * The custodian-bank simulator's books (pure, no HTTP): documented test amounts,
 * instruction idempotency, all-or-nothing transfers, freezes, statements, and the
 * invariant that no sub-account ever goes below zero or below what is frozen on it.
 */
import fc from 'fast-check';
import { BankBooks, BankRefusal, emptyBankState } from '../../../lib/local/custodian-bank/bank-books';
import { platformFeeAccount } from '../../../functions/adapters/custodian-bank/protocol';

const day1 = new Date('2026-11-25T02:00:00Z'); // 10:00 in Shanghai
const day2 = new Date('2026-11-26T02:00:00Z');

function booksWith(...owners: string[]) {
  const books = new BankBooks(emptyBankState(day1));
  const ids = owners.map((owner) => books.openSubAccount(owner, day1).subAccountId);
  return { books, ids };
}

function deposit(books: BankBooks, instructionId: string, subAccountId: string, amount: string, at = day1) {
  books.acceptMoneyInstruction('DEPOSIT', { instructionId, subAccountId, amount }, at);
  return books.execute(instructionId, at);
}

test('sub-accounts open once per owner; the platform fee account exists from the start', () => {
  const { books, ids } = booksWith('alice');
  expect(books.openSubAccount('alice', day2).subAccountId).toBe(ids[0]);
  expect(books.subAccount(platformFeeAccount).kind).toBe('PLATFORM_FEES');
});

test('deposits succeed, except the documented declines (.13); .17 asks for a duplicate delivery', () => {
  const { books, ids } = booksWith('alice');
  const ok = deposit(books, 'dep-1', ids[0]!, '100.00');
  expect(ok).toMatchObject({ type: 'deposit.succeeded', copies: 1, status: 'QUEUED' });
  expect(JSON.parse(ok!.body)).toMatchObject({ eventId: ok!.eventId, instructionId: 'dep-1', subAccountId: ids[0], amount: '100.00' });
  expect(deposit(books, 'dep-2', ids[0]!, '5.13')).toMatchObject({ type: 'deposit.failed' });
  expect(JSON.parse(books.state.events[1]!.body).reason).toBe('PAYMENT_DECLINED');
  expect(deposit(books, 'dep-3', ids[0]!, '5.17')).toMatchObject({ type: 'deposit.succeeded', copies: 2 });
  expect(books.subAccount(ids[0]!).balanceFen).toBe(10_517);
});

test('an instruction id executes once; reused with other content it is refused', () => {
  const { books, ids } = booksWith('alice');
  deposit(books, 'dep-1', ids[0]!, '100.00');
  expect(books.acceptMoneyInstruction('DEPOSIT', { instructionId: 'dep-1', subAccountId: ids[0]!, amount: '100.00' }, day1).replay).toBe(true);
  expect(books.execute('dep-1', day1)).toBeUndefined();
  expect(() => books.acceptMoneyInstruction('DEPOSIT', { instructionId: 'dep-1', subAccountId: ids[0]!, amount: '100.01' }, day1)).toThrow(
    expect.objectContaining({ status: 409, code: 'INSTRUCTION_ID_REUSED' }),
  );
  expect(() => books.acceptMoneyInstruction('WITHDRAWAL', { instructionId: 'dep-1', subAccountId: ids[0]!, amount: '100.00' }, day1)).toThrow(BankRefusal);
  expect(books.subAccount(ids[0]!).balanceFen).toBe(10_000);
});

test('withdrawals never overdraw; .14 is rejected by the payee bank', () => {
  const { books, ids } = booksWith('alice');
  deposit(books, 'dep-1', ids[0]!, '100.00');
  books.acceptMoneyInstruction('WITHDRAWAL', { instructionId: 'w-1', subAccountId: ids[0]!, amount: '100.01' }, day1);
  expect(books.execute('w-1', day1)).toMatchObject({ type: 'withdrawal.failed' });
  books.acceptMoneyInstruction('WITHDRAWAL', { instructionId: 'w-2', subAccountId: ids[0]!, amount: '10.14' }, day1);
  expect(JSON.parse(books.execute('w-2', day1)!.body).reason).toBe('PAYEE_CARD_REJECTED');
  books.acceptMoneyInstruction('WITHDRAWAL', { instructionId: 'w-3', subAccountId: ids[0]!, amount: '100.00' }, day1);
  expect(books.execute('w-3', day1)).toMatchObject({ type: 'withdrawal.succeeded' });
  expect(books.subAccount(ids[0]!).balanceFen).toBe(0);
});

test('transfers are all or nothing, may draw on a freeze, and pay the platform fee account', () => {
  const { books, ids } = booksWith('investor', 'borrower');
  const [investor, borrower] = ids as [string, string];
  deposit(books, 'dep-1', investor, '1000.00');
  books.freeze({ instructionId: 'bid-1', subAccountId: investor, amount: '600.00' }, day1);
  expect(() => books.freeze({ instructionId: 'bid-2', subAccountId: investor, amount: '400.01' }, day1)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_FUNDS' }));

  // The second leg cannot be paid from the available 400.00: nothing moves.
  books.acceptTransfer({ instructionId: 't-1', purpose: 'DISBURSEMENT', legs: [{ from: investor, to: borrower, amount: '100.00' }, { from: investor, to: borrower, amount: '300.01' }] }, day1);
  expect(JSON.parse(books.execute('t-1', day1)!.body).reason).toBe('INSUFFICIENT_FUNDS');
  expect(books.subAccount(borrower).balanceFen).toBe(0);

  books.acceptTransfer(
    {
      instructionId: 't-2',
      purpose: 'DISBURSEMENT',
      legs: [
        { from: investor, to: borrower, amount: '588.00', freezeId: 'bid-1' },
        { from: investor, to: platformFeeAccount, amount: '12.00', freezeId: 'bid-1' },
      ],
    },
    day1,
  );
  expect(books.execute('t-2', day1)).toMatchObject({ type: 'transfer.succeeded' });
  expect(books.state.freezes['bid-1']).toMatchObject({ remainingFen: 0, status: 'CONSUMED' });
  expect([books.subAccount(investor), books.subAccount(borrower), books.subAccount(platformFeeAccount)].map((account) => [account.balanceFen, account.frozenFen])).toEqual([
    [40_000, 0],
    [58_800, 0],
    [1_200, 0],
  ]);
  books.acceptTransfer({ instructionId: 't-3', purpose: 'FEE', legs: [{ from: borrower, to: platformFeeAccount, amount: '1.15' }] }, day1);
  expect(JSON.parse(books.execute('t-3', day1)!.body).reason).toBe('TRANSFER_DECLINED');
  // The total decides, not a leg: 0.15 + 1.00 = 1.15 is declined; 0.15 + 0.90 = 1.05 goes through.
  books.acceptTransfer({ instructionId: 't-4', purpose: 'REPAYMENT', legs: [{ from: borrower, to: investor, amount: '0.15' }, { from: borrower, to: platformFeeAccount, amount: '1.00' }] }, day1);
  expect(JSON.parse(books.execute('t-4', day1)!.body).reason).toBe('TRANSFER_DECLINED');
  books.acceptTransfer({ instructionId: 't-5', purpose: 'REPAYMENT', legs: [{ from: borrower, to: investor, amount: '0.15' }, { from: borrower, to: platformFeeAccount, amount: '0.90' }] }, day1);
  expect(books.execute('t-5', day1)).toMatchObject({ type: 'transfer.succeeded' });
});

test('a statement has each sub-account’s opening and closing balance and the day’s movements', () => {
  const { books, ids } = booksWith('alice');
  deposit(books, 'dep-1', ids[0]!, '100.00', day1);
  deposit(books, 'dep-2', ids[0]!, '50.00', day2);
  books.adjust({ subAccountId: ids[0]!, amount: '0.01', direction: 'DEBIT' }, day2);
  const statement = books.statement('2026-11-26');
  expect(statement.accounts.find((account) => account.subAccountId === ids[0])).toEqual({
    subAccountId: ids[0],
    ownerRef: 'alice',
    kind: 'USER',
    openingBalance: '100.00',
    closingBalance: '149.99',
  });
  expect(statement.movements.map((movement) => [movement.operation, movement.direction, movement.amount, movement.balanceAfter])).toEqual([
    ['DEPOSIT', 'CREDIT', '50.00', '150.00'],
    ['ADJUSTMENT', 'DEBIT', '0.01', '149.99'],
  ]);
  expect(books.statement('2026-11-25').movements).toHaveLength(1);
  expect(() => books.adjust({ subAccountId: ids[0]!, amount: '150.00', direction: 'DEBIT' }, day2)).toThrow(BankRefusal);
});

test('under any sequence of instructions no sub-account goes below zero or below its freezes, and money is conserved', () => {
  const amount = fc.integer({ min: 1, max: 50_000 }).map((fenAmount) => `${Math.floor(fenAmount / 100)}.${String(fenAmount % 100).padStart(2, '0')}`);
  const who = fc.integer({ min: 0, max: 2 });
  const operation = fc.oneof(
    fc.record({ op: fc.constant('deposit' as const), who, amount }),
    fc.record({ op: fc.constant('withdraw' as const), who, amount }),
    fc.record({ op: fc.constant('freeze' as const), who, amount }),
    fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('transfer' as const), who, to: who, amount, useFreeze: fc.boolean(), pick: fc.nat() }),
    fc.record({ op: fc.constant('adjust' as const), who, amount, credit: fc.boolean() }),
  );
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
      const { books, ids } = booksWith('a', 'b', 'c');
      const freezes: string[] = [];
      let external = 0; // money in minus money out, in fen
      operations.forEach((step, index) => {
        const id = `i-${index}`;
        try {
          if (step.op === 'deposit' || step.op === 'withdraw') {
            books.acceptMoneyInstruction(step.op === 'deposit' ? 'DEPOSIT' : 'WITHDRAWAL', { instructionId: id, subAccountId: ids[step.who]!, amount: step.amount }, day1);
            const event = books.execute(id, day1);
            const moved = books.state.movements.at(-1);
            if (event?.type.endsWith('succeeded') && moved?.instructionId === id) external += step.op === 'deposit' ? moved.amountFen : -moved.amountFen;
          } else if (step.op === 'freeze') {
            freezes.push(books.freeze({ instructionId: id, subAccountId: ids[step.who]!, amount: step.amount }, day1).freezeId);
          } else if (step.op === 'release') {
            const freezeId = freezes[step.pick % Math.max(1, freezes.length)];
            if (freezeId) books.releaseFreeze(freezeId, { instructionId: id }, day1);
          } else if (step.op === 'transfer') {
            const freezeId = step.useFreeze ? freezes.find((candidate) => books.state.freezes[candidate]?.subAccountId === ids[step.who]) : undefined;
            books.acceptTransfer({ instructionId: id, purpose: 'OTHER', legs: [{ from: ids[step.who]!, to: ids[(step.to + 1) % 3]!, amount: step.amount, ...(freezeId ? { freezeId } : {}) }] }, day1);
            books.execute(id, day1);
          } else {
            const movement = books.adjust({ subAccountId: ids[step.who]!, amount: step.amount, direction: step.credit ? 'CREDIT' : 'DEBIT' }, day1);
            external += step.credit ? movement.amountFen : -movement.amountFen;
          }
        } catch (error) {
          if (!(error instanceof BankRefusal)) throw error;
        }
        for (const account of Object.values(books.state.subAccounts)) {
          if (account.frozenFen < 0 || account.balanceFen < account.frozenFen) throw new Error(`${account.subAccountId} overdrawn`);
        }
      });
      const total = Object.values(books.state.subAccounts).reduce((sum, account) => sum + account.balanceFen, 0);
      const frozen = Object.values(books.state.freezes).reduce((sum, freeze) => sum + (freeze.status === 'FROZEN' ? freeze.remainingFen : 0), 0);
      return total === external && frozen === Object.values(books.state.subAccounts).reduce((sum, account) => sum + account.frozenFen, 0);
    }),
    { numRuns: 200 },
  );
});
