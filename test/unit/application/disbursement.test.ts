/** Settling a disbursement against in-memory ports: every frozen bid posted, the borrower and the fees credited, to the fen. */
import { accounts, availableOf } from '../../../functions/core/ledger';
import { completeDisbursementWait, settleDisbursement } from '../../../functions/application/disbursement';
import { moneyWorld } from '../../support/in-memory/money-world';
import { confirmedAt, disburseLoan, fundLoan } from '../../support/in-memory/scenarios';

// ¥3,333.33 from three investors' bids of ¥1,111.11 (bids in whole steps of ¥0.01 for the fen arithmetic).
const setup = {
  loanId: 'loan-d',
  amountFen: 333_300,
  investors: [
    { investorId: 'ann', depositFen: 200_000, bidFen: 111_100 },
    { investorId: 'bob', depositFen: 200_000, bidFen: 111_100 },
    { investorId: 'cat', depositFen: 200_000, bidFen: 111_100 },
  ],
};
const policy = { minimumBidFen: () => 100, bidStepFen: () => 100 };

test('requesting it sends one transfer: the investors’ bids to the borrower, the fee on to the platform', async () => {
  const world = moneyWorld();
  Object.assign(world.ports.bidding, { policy: { ...world.ports.bidding.policy, ...policy } });
  await fundLoan(world, setup);
  const [transfer] = world.stores.bank.transfers;
  expect(transfer).toMatchObject({ instructionId: 'disb-loan-d', purpose: 'DISBURSEMENT' });
  const total = (legs: readonly { to: string; amountFen: number }[]) => legs.reduce((sum, leg) => sum + leg.amountFen, 0);
  expect(total(transfer!.legs.filter((leg) => ['SA-ann', 'SA-bob', 'SA-cat'].includes(leg.from)))).toBe(333_300);
  expect(total(transfer!.legs.filter((leg) => leg.to === 'PLATFORM-FEES'))).toBe(6_666);
  expect(world.stores.loans.records.get('loan-d')?.disbursement).toMatchObject({ toBorrowerFen: 326_634, feeFen: 6_666 });
});

test('settling: borrower credit + fee income + risk reserve = the sum of the frozen bids; every freeze posted; the loan REPAYING with its schedule', async () => {
  const world = moneyWorld();
  Object.assign(world.ports.bidding, { policy: { ...world.ports.bidding.policy, ...policy } });
  await disburseLoan(world, setup);
  const { ledger, listings, loans, installments, servicingStarted, custody } = world.stores;
  const balance = (account: string) => ledger.model.balance(account);
  const borrower = availableOf(balance(accounts.custody('loan-d-borrower')));
  const fees = availableOf(balance(accounts.feeIncome)) + availableOf(balance(accounts.riskReserve));
  expect(borrower + fees).toBe(333_300);
  expect(borrower).toBe(326_634);
  for (const investorId of ['ann', 'bob', 'cat']) expect(balance(accounts.custody(investorId))).toEqual({ debitsPending: 0, debitsPosted: 111_100, creditsPending: 0, creditsPosted: 200_000 });
  expect(balance(accounts.subscription('loan-d'))).toEqual({ debitsPending: 0, debitsPosted: 333_300, creditsPending: 0, creditsPosted: 333_300 });
  expect([...listings.bids.values()].map((bid) => bid.status)).toEqual(['POSTED', 'POSTED', 'POSTED']);
  expect(loans.records.get('loan-d')).toMatchObject({ status: 'REPAYING', disbursedAt: confirmedAt, installmentCount: 12 });
  const schedule = await installments.installmentsOf('loan-d');
  expect(schedule.reduce((sum, installment) => sum + installment.principalFen, 0)).toBe(333_300);
  expect(servicingStarted).toEqual(['loan-d']);
  expect(custody.book).toHaveLength(1);

  // A retry moves nothing twice.
  await settleDisbursement(world.ports.disbursement, 'loan-d', confirmedAt, new Date(confirmedAt));
  expect(availableOf(balance(accounts.custody('loan-d-borrower')))).toBe(326_634);
});

test('the bank’s confirmation completes the disbursement wait once; a second delivery finds it gone', async () => {
  const world = moneyWorld();
  Object.assign(world.ports.bidding, { policy: { ...world.ports.bidding.policy, ...policy } });
  await fundLoan(world, setup);
  const event = { eventId: 'evt-1', type: 'transfer.succeeded' as const, occurredAt: confirmedAt, instructionId: 'disb-loan-d' };
  expect(await completeDisbursementWait(world.ports.disbursement, event, new Date(confirmedAt))).toBe('disbursement-confirmed');
  expect(world.stores.workflow.completed).toEqual([{ taskToken: 'disb-token', outcome: { output: { instructionId: 'disb-loan-d', confirmedAt } } }]);
  expect(await completeDisbursementWait(world.ports.disbursement, event, new Date(confirmedAt))).toBe('already-settled');
});
