/** Expiring a listing against in-memory ports: every frozen bid unfrozen, once. */
import { accounts, availableOf } from '../../../functions/core/ledger';
import { expireListing } from '../../../functions/application/loan-events';
import { moneyWorld } from '../../support/in-memory/money-world';
import { bidAll, listLoan } from '../../support/in-memory/scenarios';

const setup = {
  loanId: 'loan-e',
  amountFen: 500_000,
  investors: [
    { investorId: 'ann', depositFen: 200_000, bidFen: 100_000 },
    { investorId: 'bob', depositFen: 200_000, bidFen: 200_000 },
    { investorId: 'cat', depositFen: 200_000, bidFen: 100_000 },
  ],
};
const deadline = new Date('2026-11-27T02:00:00.000Z');

test('at its deadline a listing not full EXPIRES and leaves the marketplace; every bid is unfrozen, and a replay changes nothing', async () => {
  const world = moneyWorld();
  listLoan(world, setup);
  await bidAll(world, setup);
  const { ledger, listings, loans } = world.stores;
  expect(availableOf(ledger.model.balance(accounts.custody('bob')))).toBe(0);

  expect(await expireListing(world.ports.loanEvents, 'loan-e', deadline)).toEqual({ status: 'EXPIRED', filled: false });
  expect([...listings.bids.values()].map((bid) => bid.status)).toEqual(['VOIDED', 'VOIDED', 'VOIDED']);
  for (const investorId of ['ann', 'bob', 'cat']) {
    expect(ledger.model.balance(accounts.custody(investorId))).toEqual({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 200_000 });
  }
  expect(ledger.model.balance(accounts.subscription('loan-e'))).toEqual({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 });
  expect(loans.records.get('loan-e')).not.toHaveProperty('marketplacePk');

  const entries = ledger.entries.length;
  expect(await expireListing(world.ports.loanEvents, 'loan-e', deadline)).toEqual({ status: 'EXPIRED', filled: false });
  expect(ledger.entries).toHaveLength(entries);
});

test('a listing full at its deadline (its signal lost) is funded, not expired: no bid unfrozen', async () => {
  const world = moneyWorld();
  const full = { ...setup, amountFen: 400_000 };
  listLoan(world, full);
  await bidAll(world, full);
  expect(await expireListing(world.ports.loanEvents, 'loan-e', deadline)).toEqual({ status: 'LISTED', filled: true });
  expect([...world.stores.listings.bids.values()].map((bid) => bid.status)).toEqual(['FROZEN', 'FROZEN', 'FROZEN']);
});
