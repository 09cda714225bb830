/** A signed bank callback for a transfer goes to the use case its instruction kind names, and to no other. */
import { callbackPayload, sign, signatureHeader, timestampHeader, unixSeconds } from '../../../functions/core/custody-signature';
import { acceptCallback } from '../../../functions/application/custody';
import { moneyWorld, type MoneyWorld } from '../../support/in-memory/money-world';
import { fundLoan } from '../../support/in-memory/scenarios';

const at = new Date('2026-11-21T02:05:00.000Z');

function deliver(world: MoneyWorld, event: Record<string, unknown>) {
  const body = JSON.stringify({ occurredAt: at.toISOString(), ...event });
  const timestamp = unixSeconds(at);
  return acceptCallback(world.ports.custodyAccounts, body, { [timestampHeader]: timestamp, [signatureHeader]: sign('test-secret', callbackPayload(timestamp, body)) }, at);
}

test('a disbursement’s confirmation completes the disbursement wait; an instruction the platform never sent is not applicable', async () => {
  const world = moneyWorld();
  await fundLoan(world, { loanId: 'loan-k', amountFen: 200_000, investors: [{ investorId: 'ann', depositFen: 200_000, bidFen: 200_000 }] });
  expect(await deliver(world, { eventId: 'evt-1', type: 'transfer.succeeded', instructionId: 'disb-loan-k' })).toEqual({ eventId: 'evt-1', duplicate: false, outcome: 'disbursement-confirmed' });
  expect(world.stores.workflow.completed.map((completion) => completion.taskToken)).toEqual(['disb-token']);
  expect(await deliver(world, { eventId: 'evt-2', type: 'transfer.succeeded', instructionId: 'xfer-unknown-1' })).toMatchObject({ outcome: 'not-applicable' });
});

test('a repayment’s or a compensation’s callback reaches its own use case (each refuses an instruction it does not know)', async () => {
  const world = moneyWorld();
  await expect(deliver(world, { eventId: 'evt-3', type: 'transfer.succeeded', instructionId: 'rpay-loan-x-1' })).rejects.toThrow('No repayment rpay-loan-x-1 is known to the platform');
  await expect(deliver(world, { eventId: 'evt-4', type: 'transfer.succeeded', instructionId: 'rcomp-loan-x-1' })).rejects.toThrow('No risk-reserve payment rcomp-loan-x-1 is known to the platform');
});
