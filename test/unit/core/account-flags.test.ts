/** Account flags (TigerBeetle's style): the no-overdraft rule is a property of custody accounts, not of every account. */
import { accounts, flagsOf, InMemoryLedger } from '../../../functions/core/ledger';
import { InsufficientFundsError } from '../../../functions/core/errors';

test('custody accounts are flagged debitsMustNotExceedCredits; loan and platform accounts are not', () => {
  expect(flagsOf(accounts.custody('u1'))).toEqual({ debitsMustNotExceedCredits: true });
  for (const account of [accounts.subscription('L'), accounts.receivablePrincipal('L', 'u1'), accounts.feeIncome, accounts.riskReserve, accounts.custodianBank]) {
    expect(flagsOf(account)).toEqual({ debitsMustNotExceedCredits: false });
  }
});

test('the ledger refuses a debit beyond a flagged account’s credits, in the user’s terms, and lets an unflagged account go negative', () => {
  const ledger = new InMemoryLedger();
  ledger.record({ id: 'd', kind: 'deposit', transfers: [{ kind: 'posted', id: 'd.1', debit: accounts.custodianBank, credit: accounts.custody('u1'), amountFen: 5_000 }] });
  expect(() => ledger.record({ id: 'w', kind: 'withdrawal', transfers: [{ kind: 'posted', id: 'w.1', debit: accounts.custody('u1'), credit: accounts.custodianBank, amountFen: 5_001 }] })).toThrow(
    new InsufficientFundsError(5_000, 5_001),
  );
  expect(new InsufficientFundsError(5_000, 5_001).message).toBe('your available balance ¥50.00 is insufficient for ¥50.01');
  expect(ledger.balance(accounts.custodianBank).debitsPosted).toBe(5_000);
});
