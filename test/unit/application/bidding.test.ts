/** Placing a bid, against in-memory ports: the freeze, the funded amount, and the rules a bid must satisfy. */
import { accounts, availableOf } from '../../../functions/core/ledger';
import { BidRefusedError, ForbiddenError, InsufficientFundsError, ListingUnavailableError } from '../../../functions/core/errors';
import { completeSubscriptionIfFull, placeManualBid } from '../../../functions/application/bidding';
import { moneyWorld } from '../../support/in-memory/money-world';
import { listLoan, listedAt } from '../../support/in-memory/scenarios';

const at = new Date(listedAt.getTime() + 3_600_000);
const loan = { loanId: 'loan-b', amountFen: 300_000, investors: [{ investorId: 'ann', depositFen: 500_000 }, { investorId: 'bob', depositFen: 500_000 }, { investorId: 'cat', depositFen: 5_000 }] };

test('a bid freezes its amount in the investor’s custody account and raises the listing’s funded amount, once per Idempotency-Key', async () => {
  const world = moneyWorld();
  listLoan(world, loan);
  const bid = await placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-1', 100_000, at, { requestId: 'request-1' });
  expect(bid).toMatchObject({ loanId: 'loan-b', investorId: 'ann', amountFen: 100_000, status: 'FROZEN', source: 'manual' });
  expect(await placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-1', 100_000, at, { requestId: 'request-1' })).toEqual(bid);
  const ann = world.stores.ledger.model.balance(accounts.custody('ann'));
  expect(ann).toEqual({ debitsPending: 100_000, debitsPosted: 0, creditsPending: 0, creditsPosted: 500_000 });
  expect(availableOf(ann)).toBe(400_000);
  expect(world.stores.loans.records.get('loan-b')).toMatchObject({ fundedFen: 100_000, bidCount: 1 });
});

test('a bid beyond what remains is refused: nothing frozen, the listing never oversubscribed', async () => {
  const world = moneyWorld();
  listLoan(world, loan);
  await placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-1', 200_000, at, { requestId: 'request-1' });
  await expect(placeManualBid(world.ports.bidding, 'bob', 'loan-b', 'key-2', 200_000, at, { requestId: 'request-1' })).rejects.toThrow(new ListingUnavailableError('only 1000.00 yuan remain on this listing'));
  expect(world.stores.ledger.model.balance(accounts.custody('bob')).debitsPending).toBe(0);
  expect(world.stores.loans.records.get('loan-b')).toMatchObject({ fundedFen: 200_000 });
  await placeManualBid(world.ports.bidding, 'bob', 'loan-b', 'key-3', 100_000, at, { requestId: 'request-1' });
  await expect(placeManualBid(world.ports.bidding, 'bob', 'loan-b', 'key-4', 100_000, at, { requestId: 'request-1' })).rejects.toThrow(ListingUnavailableError);
  expect(world.stores.loans.records.get('loan-b')).toMatchObject({ fundedFen: 300_000 });
});

test('a late bid on a full listing is refused after reading the listing alone: no profile, no bid book, no transaction', async () => {
  const world = moneyWorld();
  listLoan(world, loan);
  await placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-1', 300_000, at, { requestId: 'request-1' });
  const reads: string[] = [];
  const ports = world.ports.bidding;
  const counted = {
    ...ports,
    profiles: { ...ports.profiles, findUserProfile: (id: string) => (reads.push('profile'), ports.profiles.findUserProfile(id)) },
    listings: {
      findListing: (id: string) => (reads.push('listing'), ports.listings.findListing(id)),
      bidTotals: (id: string) => (reads.push('bid totals'), ports.listings.bidTotals(id)),
      placeBid: (...args: Parameters<typeof ports.listings.placeBid>) => (reads.push('transaction'), ports.listings.placeBid(...args)),
    },
  };
  await expect(placeManualBid(counted, 'bob', 'loan-b', 'key-2', 100_000, at, { requestId: 'request-2' })).rejects.toThrow(new ListingUnavailableError('the listing is fully subscribed'));
  expect(reads).toEqual(['listing']);
});

test('a borrower never bids on their own loan', async () => {
  const world = moneyWorld();
  listLoan(world, { ...loan, borrowerId: 'ann' });
  await expect(placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-1', 100_000, at, { requestId: 'request-1' })).rejects.toThrow(ForbiddenError);
  expect(world.stores.ledger.model.balance(accounts.custody('ann')).debitsPending).toBe(0);
  expect(world.stores.listings.bids.size).toBe(0);
});

test('the smallest bid and the step come from the lending policy', async () => {
  const world = moneyWorld();
  listLoan(world, loan);
  await expect(placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-1', 5_000, at, { requestId: 'request-1' })).rejects.toThrow(new BidRefusedError('the smallest bid is 100.00 yuan'));
  await expect(placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-2', 15_000, at, { requestId: 'request-1' })).rejects.toThrow(new BidRefusedError('bids go in steps of 100.00 yuan'));
});

test('a bid beyond the available balance is refused in the investor’s terms, naming no ledger account', async () => {
  const world = moneyWorld();
  listLoan(world, loan);
  const refusal = placeManualBid(world.ports.bidding, 'cat', 'loan-b', 'key-1', 10_000, at, { requestId: 'request-1' });
  await expect(refusal).rejects.toThrow(InsufficientFundsError);
  await expect(refusal).rejects.toThrow('your available balance ¥50.00 is insufficient for ¥100.00');
  await expect(refusal).rejects.not.toThrow(/custody:|cat/);
});

test('the bid that fills the listing completes the subscription wait; a wait recorded after the filling bid completes itself', async () => {
  const world = moneyWorld();
  listLoan(world, loan);
  const { loans, workflow } = world.stores;
  loans.put({ ...loans.records.get('loan-b')!, pendingDecision: { decision: 'SUBSCRIPTION', taskToken: 'sub-1' } });
  workflow.waiting.add('sub-1');
  await placeManualBid(world.ports.bidding, 'ann', 'loan-b', 'key-1', 200_000, at, { requestId: 'request-1' });
  expect(workflow.completed).toEqual([]);
  const filling = await placeManualBid(world.ports.bidding, 'bob', 'loan-b', 'key-2', 100_000, at, { requestId: 'request-1' });
  expect(workflow.completed).toEqual([{ taskToken: 'sub-1', outcome: { output: { filledBy: filling.bidId } } }]);

  // The listing filled before its wait recorded a token: the bid finds none and does not wait for it.
  const early = moneyWorld();
  listLoan(early, loan);
  await placeManualBid(early.ports.bidding, 'ann', 'loan-b', 'key-1', 300_000, at, { requestId: 'request-1' });
  expect(early.stores.workflow.completed).toEqual([]);
  // The wait records its token, finds the listing full and completes itself at once.
  early.stores.loans.put({ ...early.stores.loans.records.get('loan-b')!, pendingDecision: { decision: 'SUBSCRIPTION', taskToken: 'sub-2' } });
  early.stores.workflow.waiting.add('sub-2');
  expect(await completeSubscriptionIfFull(early.ports.bidding, 'loan-b', { filledBy: 'before-the-wait' })).toBe(true);
  expect(early.stores.workflow.completed).toEqual([{ taskToken: 'sub-2', outcome: { output: { filledBy: 'before-the-wait' } } }]);
});
