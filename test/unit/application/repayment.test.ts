/** Distributing a repayment against in-memory ports: the investors' shares and the fees add up to what was paid, to the fen. */
import { accounts, availableOf } from '../../../functions/core/ledger';
import { InsufficientFundsError, NotFoundError } from '../../../functions/core/errors';
import { completeRepayment, quoteRepayment, requestRepayment } from '../../../functions/application/repayment';
import { moneyWorld, type MoneyWorld } from '../../support/in-memory/money-world';
import { disburseLoan } from '../../support/in-memory/scenarios';

// ¥3,333 from three unequal bids, so the shares do not divide evenly.
const setup = {
  loanId: 'loan-r',
  amountFen: 333_300,
  investors: [
    { investorId: 'ann', depositFen: 200_000, bidFen: 100_000 },
    { investorId: 'bob', depositFen: 200_000, bidFen: 133_300 },
    { investorId: 'cat', depositFen: 200_000, bidFen: 100_000 },
  ],
};
const dueAt = new Date('2026-12-21T04:00:00.000Z');
const finerSteps = (world: MoneyWorld) => Object.assign(world.ports.bidding, { policy: { ...world.ports.bidding.policy, minimumBidFen: () => 100, bidStepFen: () => 100 } });

async function repayingLoan(): Promise<MoneyWorld> {
  const world = moneyWorld();
  finerSteps(world);
  await disburseLoan(world, setup);
  return world;
}

test('the first installment paid: each investor’s net share + the management fees + the reserve’s share = the amount paid, to the fen', async () => {
  const world = await repayingLoan();
  const { ledger, installments, servicing, workflow } = world.stores;
  const custody = (userId: string) => availableOf(ledger.model.balance(accounts.custody(userId)));
  const before = { ann: custody('ann'), bob: custody('bob'), cat: custody('cat'), fees: availableOf(ledger.model.balance(accounts.feeIncome)) + availableOf(ledger.model.balance(accounts.riskReserve)) };

  workflow.waiting.add('collect-1');
  const record = await requestRepayment(world.ports.repayment, { loanId: 'loan-r', kind: 'DUE', source: 'AUTO_DEBIT', requestKey: 'auto-2026-12-21', taskToken: 'collect-1' }, dueAt);
  const [first] = await installments.installmentsOf('loan-r');
  expect(record).toMatchObject({ status: 'PENDING', amountFen: first!.totalFen, principalFen: first!.principalFen, interestFen: first!.interestFen });
  // Reserved from the borrower's available balance until the bank answers.
  expect(ledger.model.balance(accounts.custody('loan-r-borrower')).debitsPending).toBe(record.amountFen);

  expect(await completeRepayment(world.ports.repayment, { eventId: 'evt-1', type: 'transfer.succeeded', occurredAt: dueAt.toISOString(), instructionId: record.repaymentId }, dueAt)).toBe('repayment-confirmed');
  const received = { ann: custody('ann') - before.ann, bob: custody('bob') - before.bob, cat: custody('cat') - before.cat };
  const fees = availableOf(ledger.model.balance(accounts.feeIncome)) + availableOf(ledger.model.balance(accounts.riskReserve)) - before.fees;
  expect(received.ann + received.bob + received.cat + fees).toBe(record.amountFen);
  expect(record.distribution.reduce((sum, share) => sum + share.netFen + share.feeFen, 0)).toBe(record.amountFen);
  expect(received).toEqual(Object.fromEntries(record.distribution.map((share) => [share.investorId, share.netFen])));
  expect((await installments.installmentsOf('loan-r'))[0]).toMatchObject({ status: 'SETTLED' });
  expect(await servicing.findRepayment('loan-r', 1)).toMatchObject({ status: 'CONFIRMED' });
  expect(workflow.completed).toEqual([{ taskToken: 'collect-1', outcome: { output: { repaymentId: record.repaymentId, settled: false } } }]);

  // A redelivered callback distributes nothing twice.
  await completeRepayment(world.ports.repayment, { eventId: 'evt-2', type: 'transfer.succeeded', occurredAt: dueAt.toISOString(), instructionId: record.repaymentId }, dueAt);
  expect(custody('ann') - before.ann).toBe(received.ann);
});

test('a borrower short of what is due is told their available balance, not a ledger account', async () => {
  const world = await repayingLoan();
  await world.stores.ledger.recordEntry(
    { id: 'spend', kind: 'withdrawal', transfers: [{ kind: 'posted', id: 'spend.1', debit: accounts.custody('loan-r-borrower'), credit: accounts.custodianBank, amountFen: availableOf(world.stores.ledger.model.balance(accounts.custody('loan-r-borrower'))) - 1_000 }] },
    dueAt,
  );
  const refusal = requestRepayment(world.ports.repayment, { loanId: 'loan-r', kind: 'DUE', source: 'BORROWER', requestKey: 'api-1' }, dueAt);
  await expect(refusal).rejects.toThrow(InsufficientFundsError);
  await expect(refusal).rejects.toThrow(/^your available balance ¥10\.00 is insufficient for ¥\d+\.\d\d$/);
});

test('the repayment quote is what a repayment of either kind takes that day, changes nothing, and is the borrower’s only', async () => {
  const world = await repayingLoan();
  const { ledger } = world.stores;
  const borrowerBalance = () => ledger.model.balance(accounts.custody('loan-r-borrower'));
  const before = borrowerBalance();

  const early = await quoteRepayment(world.ports.repayment, 'loan-r-borrower', 'loan-r', new Date(dueAt.getTime() - 5 * 86_400_000));
  expect(early.due).toBeUndefined();
  expect(early.earlySettlement).toMatchObject({ kind: 'EARLY_SETTLEMENT', settlesLoan: true, penaltyFen: 0, principalFen: setup.amountFen });
  expect(early.availableFen).toBe(availableOf(before));

  const quote = await quoteRepayment(world.ports.repayment, 'loan-r-borrower', 'loan-r', dueAt);
  expect(borrowerBalance()).toEqual(before);
  const record = await requestRepayment(world.ports.repayment, { loanId: 'loan-r', kind: 'DUE', source: 'BORROWER', requestKey: 'api-q' }, dueAt);
  expect(quote.due).toMatchObject({ amountFen: record.amountFen, principalFen: record.principalFen, interestFen: record.interestFen, penaltyFen: record.penaltyFen });
  expect(quote.inFlight).toBe(false);
  await expect(quoteRepayment(world.ports.repayment, 'loan-r-borrower', 'loan-r', dueAt)).resolves.toMatchObject({ inFlight: true });
  await completeRepayment(world.ports.repayment, { eventId: 'evt-q', type: 'transfer.succeeded', occurredAt: dueAt.toISOString(), instructionId: record.repaymentId }, dueAt);

  const settlement = await quoteRepayment(world.ports.repayment, 'loan-r-borrower', 'loan-r', dueAt);
  expect(settlement.due).toBeUndefined();
  await ledger.recordEntry({ id: 'top-up', kind: 'deposit', transfers: [{ kind: 'posted', id: 'top-up.1', debit: accounts.custodianBank, credit: accounts.custody('loan-r-borrower'), amountFen: settlement.earlySettlement.amountFen }] }, dueAt);
  const settled = await requestRepayment(world.ports.repayment, { loanId: 'loan-r', kind: 'EARLY_SETTLEMENT', source: 'BORROWER', requestKey: 'api-s' }, dueAt);
  expect(settled.amountFen).toBe(settlement.earlySettlement.amountFen);

  await expect(quoteRepayment(world.ports.repayment, 'ann', 'loan-r', dueAt)).rejects.toThrow(NotFoundError);
});
