/** Paying a risk-reserve compensation against in-memory ports: never more than the reserve holds, split to the fen. */
import { accounts, availableOf } from '../../../functions/core/ledger';
import { completeCompensation, payCompensation } from '../../../functions/application/risk-reserve-compensation';
import { moneyWorld, type MoneyWorld } from '../../support/in-memory/money-world';
import { disburseLoan } from '../../support/in-memory/scenarios';

const setup = {
  loanId: 'loan-c',
  amountFen: 300_000,
  investors: [
    { investorId: 'ann', depositFen: 200_000, bidFen: 100_000 },
    { investorId: 'bob', depositFen: 200_000, bidFen: 200_000 },
  ],
};
const defaultedAt = new Date('2027-04-01T01:00:00.000Z');

async function defaultedLoan(reserveFen: number): Promise<MoneyWorld> {
  const world = moneyWorld();
  await disburseLoan(world, setup);
  const { loans, riskReserve, ledger } = world.stores;
  await loans.applyLoanEvent('loan-c', 'DEFAULT', defaultedAt);
  ledger.fund(accounts.riskReserve, reserveFen - availableOf(ledger.model.balance(accounts.riskReserve)));
  riskReserve.decisions.set('loan-c', { loanId: 'loan-c', decidedAt: defaultedAt.toISOString(), status: 'APPROVED', reason: 'POLICY_ON', claimFen: 330_000, amountFen: 250_000, reserveBalanceFen: reserveFen });
  return world;
}

test('the reserve pays min(approved, its balance, what is owed), split among the investors; each share reaches their custody account once', async () => {
  const world = await defaultedLoan(100_001);
  const { ledger, riskReserve, bank, servicing, collections } = world.stores;
  const custody = (userId: string) => availableOf(ledger.model.balance(accounts.custody(userId)));
  const before = { ann: custody('ann'), bob: custody('bob') };

  expect(await payCompensation(world.ports.compensation, 'loan-c', defaultedAt)).toBe('sent');
  const paying = await riskReserve.findDecision('loan-c');
  expect(paying).toMatchObject({ status: 'PAYING', attempt: 1, paymentId: 'rcomp-loan-c-1', payingFen: 100_001 });
  expect(paying!.shares!.reduce((sum, share) => sum + share.amountFen, 0)).toBe(100_001);
  expect(bank.transfers.map((transfer) => transfer.instructionId)).toEqual(['disb-loan-c', 'rcomp-loan-c-1']);
  // The reserve cannot pay another loan meanwhile: its lock is held.
  expect(riskReserve.lock.holder).toBe('loan-c');

  const confirmed = { eventId: 'evt-1', type: 'transfer.succeeded' as const, occurredAt: defaultedAt.toISOString(), instructionId: 'rcomp-loan-c-1' };
  expect(await completeCompensation(world.ports.compensation, confirmed, defaultedAt)).toBe('compensation-confirmed');
  const received = { ann: custody('ann') - before.ann, bob: custody('bob') - before.bob };
  expect(received.ann + received.bob).toBe(100_001);
  expect(received).toEqual(Object.fromEntries(paying!.shares!.map((share) => [share.investorId, share.amountFen])));
  expect(availableOf(ledger.model.balance(accounts.riskReserve))).toBe(0);
  expect(await riskReserve.findDecision('loan-c')).toMatchObject({ status: 'PAID', paidFen: 100_001, reserveBalanceAfterFen: 0 });
  expect(riskReserve.lock.holder).toBeUndefined();
  expect((await servicing.holdingsOf('ann'))[0]).toMatchObject({ receivedCompensationFen: received.ann });
  expect(collections.actions.map((action) => action.kind)).toEqual(['RISK_RESERVE_PAID']);

  // Redelivered: nothing paid twice.
  await completeCompensation(world.ports.compensation, { ...confirmed, eventId: 'evt-2' }, defaultedAt);
  expect(custody('ann') - before.ann).toBe(received.ann);
  expect(await payCompensation(world.ports.compensation, 'loan-c', defaultedAt)).toBe('not-approved');
});

test('a transfer the bank declines voids the hold: the reserve keeps its money and the decision is APPROVED for a retry', async () => {
  const world = await defaultedLoan(300_000);
  world.stores.bank.refuseWith = 'INSUFFICIENT_FUNDS';
  expect(await payCompensation(world.ports.compensation, 'loan-c', defaultedAt)).toBe('refused');
  expect(await world.stores.riskReserve.findDecision('loan-c')).toMatchObject({ status: 'APPROVED', attempt: 1, lastFailure: 'INSUFFICIENT_FUNDS' });
  expect(world.stores.ledger.model.balance(accounts.riskReserve).debitsPending).toBe(0);
  expect(availableOf(world.stores.ledger.model.balance(accounts.riskReserve))).toBe(300_000);
});
