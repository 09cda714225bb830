/**
 * Debt transfer (债权转让) against in-memory ports: an offer of half a holding, 20 buyers at
 * once (exactly one freeze, one instruction), the bank's callback settling it (the holding
 * changes owner only then), a declined transfer voiding the freeze, the repayment race (a
 * repayment requested while a transfer settles is refused; after it, the distribution follows
 * the new owner), lazy expiry, the settlement timeout (the bank's status query), and every
 * stake paid back to the fen by the loan's end.
 */
import { accounts, availableOf } from '../../../functions/core/ledger';
import { ForbiddenError, ListingUnavailableError } from '../../../functions/core/errors';
import { TransferRefusedError, transferInstructionId } from '../../../functions/core/debt-transfer';
import { buyOffer, cancelOffer, completeTransfer, offerHolding, openOffers, resolveTimedOutPurchases } from '../../../functions/application/debt-transfer';
import { completeRepayment, ensureHoldings, InFlightError, requestRepayment } from '../../../functions/application/repayment';
import { moneyWorld, type MoneyWorld } from '../../support/in-memory/money-world';
import { disburseLoan } from '../../support/in-memory/scenarios';

const setup = {
  loanId: 'loan-t',
  amountFen: 1_200_000,
  investors: [
    { investorId: 'ann', depositFen: 600_000, bidFen: 600_000 },
    { investorId: 'bob', depositFen: 400_000, bidFen: 400_000 },
    { investorId: 'cat', depositFen: 200_000, bidFen: 200_000 },
  ],
};
const buyers = Array.from({ length: 20 }, (_, index) => `buyer-${String(index).padStart(2, '0')}`);
const dueAt = (month: number): Date => new Date(Date.UTC(2026, 10 + month, 21, 4, 0, 0));
const offeredAt = new Date('2027-02-25T02:00:00.000Z');
const available = (world: MoneyWorld, userId: string) => availableOf(world.stores.ledger.model.balance(accounts.custody(userId)));

async function repay(world: MoneyWorld, month: number): Promise<void> {
  const record = await requestRepayment(world.ports.repayment, { loanId: setup.loanId, kind: 'DUE', source: 'BORROWER', requestKey: `api-${month}` }, dueAt(month));
  await completeRepayment(world.ports.repayment, { eventId: `evt-r${month}`, type: 'transfer.succeeded', occurredAt: dueAt(month).toISOString(), instructionId: record.repaymentId }, dueAt(month));
}

/** Disbursed, three installments repaid; the buyers verified, assessed and funded. */
async function afterThreeMonths(): Promise<MoneyWorld> {
  const world = moneyWorld();
  await disburseLoan(world, setup);
  world.stores.ledger.fund(accounts.custody(`${setup.loanId}-borrower`), 2_000_000);
  for (const buyer of buyers) {
    world.stores.profiles.investor(buyer);
    world.stores.ledger.fund(accounts.custody(buyer), 400_000);
  }
  // What the servicing workflow does first: each holding with what the schedule will pay it.
  await ensureHoldings(world.ports.repayment, setup.loanId, dueAt(0));
  for (const month of [1, 2, 3]) await repay(world, month);
  return world;
}

const halfOfAnn = async (world: MoneyWorld) => {
  const draft = await offerHolding(world.ports.transfer, 'ann', { loanId: setup.loanId, partFen: 300_000, priceFen: 1 }, 'probe', offeredAt, 'request-1').catch((error: Error) => error);
  // The refusal names the bounds; take the value from the holding's figures instead.
  expect(draft).toBeInstanceOf(TransferRefusedError);
  const value = Number(/value (\d+)\.(\d\d)/.exec((draft as Error).message)!.slice(1).join(''));
  return offerHolding(world.ports.transfer, 'ann', { loanId: setup.loanId, partFen: 300_000, priceFen: Math.round(value * 0.97) }, 'offer-1', offeredAt, 'request-1');
};

test('half a holding offered at a discount; 20 buyers at once: exactly one buys; the callback settles it and the holding changes owner', async () => {
  const world = await afterThreeMonths();
  const offer = await halfOfAnn(world);
  expect(offer).toMatchObject({ status: 'OPEN', partFen: 300_000, premiumPercent: '-3.00' });
  expect(offer.yieldMillionths).toBeGreaterThan(120_000);
  expect(await openOffers(world.ports.transfer, offeredAt)).toHaveLength(1);
  // The same holding cannot be offered twice.
  await expect(offerHolding(world.ports.transfer, 'ann', { loanId: setup.loanId, partFen: 100_000, priceFen: offer.priceFen / 3 }, 'offer-2', offeredAt, 'request-1')).rejects.toThrow(/already under offer|price/);
  // Never the borrower; never the seller.
  await expect(buyOffer(world.ports.transfer, `${setup.loanId}-borrower`, offer.offerId, 'k', offeredAt, 'request-1')).rejects.toThrow(ForbiddenError);
  await expect(buyOffer(world.ports.transfer, 'ann', offer.offerId, 'k', offeredAt, 'request-1')).rejects.toThrow(ForbiddenError);

  const annBefore = available(world, 'ann');
  const before = { annExpectedInterestFen: (await world.stores.servicing.holdingsOf('ann'))[0]!.expectedInterestFen! };
  const attempts = await Promise.allSettled(buyers.map((buyer) => buyOffer(world.ports.transfer, buyer, offer.offerId, `buy-${buyer}`, offeredAt, 'request-1')));
  const bought = attempts.filter((attempt) => attempt.status === 'fulfilled');
  expect(bought).toHaveLength(1);
  for (const attempt of attempts) if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(ListingUnavailableError);
  const purchase = (bought[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof buyOffer>>>).value;
  expect(world.stores.bank.transfers.filter((transfer) => transfer.instructionId.startsWith('xfer-'))).toHaveLength(1);
  for (const buyer of buyers) expect(available(world, buyer)).toBe(buyer === purchase.buyerId ? 400_000 - offer.priceFen : 400_000);
  // Nothing moved in the holdings until the bank confirms.
  expect((await world.stores.servicing.holdingsOf(purchase.buyerId))).toEqual([]);

  const event = { eventId: 'evt-x1', type: 'transfer.succeeded' as const, occurredAt: offeredAt.toISOString(), instructionId: transferInstructionId(purchase.purchaseId) };
  expect(await completeTransfer(world.ports.transfer, event, offeredAt)).toBe('transfer-settled');
  expect(await completeTransfer(world.ports.transfer, event, offeredAt)).toBe('transfer-settled');
  expect(available(world, 'ann') - annBefore).toBe(offer.priceFen - offer.feeFen);
  expect(world.stores.ledger.model.balance(accounts.feeIncome).creditsPosted).toBeGreaterThanOrEqual(offer.feeFen);
  const [annHolding] = await world.stores.servicing.holdingsOf('ann');
  const [buyerHolding] = await world.stores.servicing.holdingsOf(purchase.buyerId);
  expect(annHolding).toMatchObject({ principalInvestedFen: 300_000, soldStakeFen: 300_000, expectedPrincipalFen: 300_000 });
  expect(buyerHolding).toMatchObject({ principalInvestedFen: 300_000, expectedPrincipalFen: 300_000 });
  expect(annHolding!.expectedInterestFen! + buyerHolding!.expectedInterestFen!).toBe(before.annExpectedInterestFen);
  expect((annHolding!.receivedPrincipalFen ?? 0) + (buyerHolding!.receivedPrincipalFen ?? 0)).toBeGreaterThan(0);
  expect(await world.stores.transfers.findOffer(offer.offerId)).toMatchObject({ status: 'SOLD', buyerId: purchase.buyerId });
  // Both parties accepted the same transfer terms by their requests; the settlement (and its redelivery) asked for the agreement's signing.
  expect(offer.consent).toMatchObject({ channel: 'transfer-offer', requestId: 'request-1', termsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(purchase.consent).toMatchObject({ channel: 'transfer-purchase', termsHash: offer.consent!.termsHash });
  expect(world.stores.signedTransferAgreements).toEqual([purchase.purchaseId, purchase.purchaseId]);

  // Later repayments follow the new owner; by the end every holder has exactly their stake back.
  for (let month = 4; month <= 12; month += 1) await repay(world, month);
  const principalOf = async (investorId: string) => (await world.stores.servicing.holdingsOf(investorId))[0]?.receivedPrincipalFen ?? 0;
  expect(await principalOf('ann')).toBe(300_000);
  expect(await principalOf(purchase.buyerId)).toBe(300_000);
  expect(await principalOf('bob')).toBe(400_000);
  expect(await principalOf('cat')).toBe(200_000);
  // The transfer clearing account ends at zero; the ledger balances.
  const clearing = world.stores.ledger.model.balance(`loan:${setup.loanId}:transfer`);
  expect(clearing.creditsPosted - clearing.debitsPosted + clearing.creditsPending - clearing.debitsPending).toBe(0);
  let sum = 0;
  for (const balance of world.stores.ledger.model.allBalances().values()) sum += balance.creditsPosted - balance.debitsPosted;
  expect(sum).toBe(0);
});

test('a repayment requested while a transfer settles is refused; after the settlement it is distributed to the new owner', async () => {
  const world = await afterThreeMonths();
  const offer = await halfOfAnn(world);
  const purchase = await buyOffer(world.ports.transfer, 'buyer-00', offer.offerId, 'buy', offeredAt, 'request-1');
  const fourthDue = dueAt(4);
  await expect(requestRepayment(world.ports.repayment, { loanId: setup.loanId, kind: 'DUE', source: 'AUTO_DEBIT', requestKey: 'auto-4' }, fourthDue)).rejects.toThrow(InFlightError);
  await completeTransfer(world.ports.transfer, { eventId: 'evt-x', type: 'transfer.succeeded', occurredAt: offeredAt.toISOString(), instructionId: transferInstructionId(purchase.purchaseId) }, offeredAt);
  const record = await requestRepayment(world.ports.repayment, { loanId: setup.loanId, kind: 'DUE', source: 'AUTO_DEBIT', requestKey: 'auto-4' }, fourthDue);
  const shares = Object.fromEntries(record.distribution.map((share) => [share.investorId, share.principalFen]));
  expect(Object.keys(shares).sort()).toEqual(['ann', 'bob', 'buyer-00', 'cat']);
  expect(Math.abs(shares.ann! - shares['buyer-00']!)).toBeLessThanOrEqual(1);
  // And a purchase while a repayment is with the bank is refused too.
  const bobOffer = await offerHolding(world.ports.transfer, 'bob', { loanId: setup.loanId, partFen: 100_000, priceFen: Math.round(offer.priceFen / 3) }, 'bob-1', offeredAt, 'request-1');
  await expect(buyOffer(world.ports.transfer, 'buyer-01', bobOffer.offerId, 'b', fourthDue, 'request-1')).rejects.toThrow(ListingUnavailableError);
});

test('declined by the bank: the freeze is voided and the offer open again; cancel and lazy expiry', async () => {
  const world = await afterThreeMonths();
  const offer = await halfOfAnn(world);
  const purchase = await buyOffer(world.ports.transfer, 'buyer-00', offer.offerId, 'buy', offeredAt, 'request-1');
  expect(await completeTransfer(world.ports.transfer, { eventId: 'evt-f', type: 'transfer.failed', reason: 'DECLINED', occurredAt: offeredAt.toISOString(), instructionId: transferInstructionId(purchase.purchaseId) }, offeredAt)).toBe('transfer-failed');
  expect(world.stores.signedTransferAgreements).toEqual([]); // a failed transfer has no agreement
  expect(available(world, 'buyer-00')).toBe(400_000);
  expect(await world.stores.transfers.findOffer(offer.offerId)).toMatchObject({ status: 'OPEN' });
  expect(await world.stores.servicing.holdingsOf('buyer-00')).toEqual([]);
  expect((await world.stores.servicing.servicingState(setup.loanId)).inFlight).toBeUndefined();

  // Expired on the platform's clock: nobody can buy it.
  const later = new Date(offeredAt.getTime() + 73 * 3_600_000);
  await expect(buyOffer(world.ports.transfer, 'buyer-01', offer.offerId, 'late', later, 'request-1')).rejects.toThrow(/expired/);
  expect(await openOffers(world.ports.transfer, later)).toEqual([]);
  // Once expired the holding can be offered again, and cancelled by its seller only.
  const again = await offerHolding(world.ports.transfer, 'ann', { loanId: setup.loanId, partFen: 300_000, priceFen: offer.priceFen }, 'offer-again', later, 'request-1');
  await expect(cancelOffer(world.ports.transfer, 'bob', again.offerId, later)).rejects.toThrow(/no offer/);
  expect(await cancelOffer(world.ports.transfer, 'ann', again.offerId, later)).toMatchObject({ status: 'CANCELLED' });
  expect(await openOffers(world.ports.transfer, later)).toEqual([]);
});

test('the settlement timeout: without a callback the bank is asked; processing → waits, unknown or refused → voided, executed → settled once', async () => {
  const world = await afterThreeMonths();
  const offer = await halfOfAnn(world);
  const after = (minutes: number) => new Date(offeredAt.getTime() + minutes * 60_000);
  const timedOut = (at: Date) => resolveTimedOutPurchases(world.ports.transfer, at);
  const first = await buyOffer(world.ports.transfer, 'buyer-00', offer.offerId, 'buy-1', offeredAt, 'request-1');
  // Within the timeout nothing is asked; after it, still processing at the bank: nothing is released.
  expect(await timedOut(after(59))).toEqual({ settled: 0, voided: 0, waiting: 0 });
  expect(await timedOut(after(61))).toEqual({ settled: 0, voided: 0, waiting: 1 });
  expect(available(world, 'buyer-00')).toBe(400_000 - offer.priceFen);
  // The bank never received it: voided, the freeze released, the offer back on the market, the loan's lock gone.
  world.stores.bank.transfers.length = 0;
  expect(await timedOut(after(62))).toEqual({ settled: 0, voided: 1, waiting: 0 });
  expect(available(world, 'buyer-00')).toBe(400_000);
  expect(await world.stores.transfers.findPurchase(first.purchaseId)).toMatchObject({ status: 'FAILED', failureReason: 'UNKNOWN_AT_BANK' });
  expect((await openOffers(world.ports.transfer, after(62))).map((open) => open.offerId)).toEqual([offer.offerId]);
  expect((await world.stores.servicing.servicingState(setup.loanId)).inFlight).toBeUndefined();

  // Refused at the bank, its callback lost: voided with the bank's reason.
  const second = await buyOffer(world.ports.transfer, 'buyer-01', offer.offerId, 'buy-2', after(63), 'request-2');
  world.stores.bank.states.set(transferInstructionId(second.purchaseId), { status: 'FAILED', reason: 'TRANSFER_DECLINED', executedAt: after(63).toISOString() });
  expect(await timedOut(after(200))).toEqual({ settled: 0, voided: 1, waiting: 0 });
  expect(available(world, 'buyer-01')).toBe(400_000);
  expect(await world.stores.transfers.findPurchase(second.purchaseId)).toMatchObject({ status: 'FAILED', failureReason: 'TRANSFER_DECLINED' });

  // Executed at the bank, its callback lost: settled as the callback would have; the late callback changes nothing.
  const third = await buyOffer(world.ports.transfer, 'buyer-02', offer.offerId, 'buy-3', after(201), 'request-3');
  const executed = { eventId: 'evt-late', type: 'transfer.succeeded' as const, occurredAt: after(201).toISOString(), instructionId: transferInstructionId(third.purchaseId) };
  world.stores.bank.states.set(executed.instructionId, { status: 'SUCCEEDED', executedAt: executed.occurredAt });
  expect(await timedOut(after(300))).toEqual({ settled: 1, voided: 0, waiting: 0 });
  expect(await world.stores.transfers.findPurchase(third.purchaseId)).toMatchObject({ status: 'SETTLED', settledAt: after(300).toISOString() });
  expect(await world.stores.transfers.findOffer(offer.offerId)).toMatchObject({ status: 'SOLD' });
  const sellerAfter = available(world, 'ann');
  expect(await completeTransfer(world.ports.transfer, executed, after(301))).toBe('transfer-settled');
  expect(available(world, 'ann')).toBe(sellerAfter);
  expect(available(world, 'buyer-02')).toBe(400_000 - offer.priceFen);
  expect((await world.stores.servicing.holdingsOf('buyer-02')).map((holding) => holding.principalInvestedFen)).toEqual([300_000]);
  expect(await timedOut(after(400))).toEqual({ settled: 0, voided: 0, waiting: 0 });
});
