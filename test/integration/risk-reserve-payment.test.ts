/**
 * Paying risk-reserve decisions, the adapter against DynamoDB Local (no twin; a scripted
 * bank): two loans' payments at once never overdraw the reserve (the payment lock), a
 * refused or declined transfer releases the reservation and leaves the decision APPROVED
 * for the next attempt, and a confirmation is applied once.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { accounts, availableOf } from '../../functions/core/ledger';
import type { CustodianBank } from '../../functions/adapters/custodian-bank/custodian-bank';
import type { CallbackEvent } from '../../functions/adapters/custodian-bank/protocol';
import { startTestTable, type TestTable } from '../support/dynamodb';
import { listedLoanInTable, loadAdapters, type TableAdapters } from '../support/table-loans';

let table: TestTable;
let adapters: TableAdapters;
let reserve: typeof import('../../functions/adapters/dynamodb/risk-reserve-repository');
let payments: typeof import('../../functions/application/risk-reserve-compensation');
const sfn = mockClient(SFNClient);
const at = new Date('2026-11-25T02:00:00Z');
const sent: Array<{ instructionId: string; total: number }> = [];
let answer: 'accept' | 'refuse' = 'accept';
const bank = {
  transfer: async (instruction: { instructionId: string; legs: ReadonlyArray<{ amountFen: number }> }) => {
    sent.push({ instructionId: instruction.instructionId, total: instruction.legs.reduce((sum, leg) => sum + leg.amountFen, 0) });
    return answer === 'accept' ? { accepted: true as const, status: 'PROCESSING' as const } : { accepted: false as const, code: 'INSUFFICIENT_FUNDS', message: 'no' };
  },
} as unknown as CustodianBank;

beforeAll(async () => {
  table = await startTestTable('risk-reserve-payment');
  process.env.STATE_MACHINE_ARN_LOAN_SERVICING = 'arn:aws:states:local:000000000000:stateMachine:loan-servicing';
  process.env.RISK_RESERVE_COMPENSATES = 'true';
  adapters = await loadAdapters();
  reserve = await import('../../functions/adapters/dynamodb/risk-reserve-repository');
  payments = await import('../../functions/application/risk-reserve-compensation');
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:local:000000000000:execution:loan-servicing:x', startDate: at });
}, 90_000);
afterAll(async () => {
  adapters?.dynamodb.documents.destroy();
  await table?.stop();
  sfn.restore();
  delete process.env.RISK_RESERVE_COMPENSATES;
});

/** A disbursed ¥3,000 loan (its ¥60 fee provisions ¥6 into the reserve). */
async function disbursedLoan(loanId: string): Promise<void> {
  await listedLoanInTable(adapters, loanId, { tableName: table.tableName, at, termMonths: 12, funded: true });
  await adapters.disbursement.settleDisbursement(adapters.money.disbursement, loanId, '2026-11-25T02:00:05Z', at);
}
const available = async (account: string) => availableOf(await adapters.ledger.accountBalance(account));
const event = (instructionId: string, type: 'transfer.succeeded' | 'transfer.failed', n: number): CallbackEvent => ({
  eventId: `evt-${instructionId}-${n}`,
  type,
  occurredAt: '2026-11-25T03:00:00Z',
  instructionId,
  ...(type === 'transfer.failed' ? { reason: 'TRANSFER_DECLINED' } : {}),
});

test('two loans paid at once: one takes the reserve, the other waits and finds it empty; a confirmation applies once', async () => {
  await disbursedLoan('rr-a');
  await disbursedLoan('rr-b');
  const balance = await available(accounts.riskReserve);
  expect(balance).toBe(1_200);
  const a = await reserve.decideOnDefault('rr-a', 300_000, at);
  const b = await reserve.decideOnDefault('rr-b', 300_000, at);
  expect([a.status, a.amountFen, b.status, b.amountFen]).toEqual(['APPROVED', 1_200, 'APPROVED', 1_200]);

  const outcomes = await Promise.all([payments.payCompensation({ ...adapters.money.compensation, bank }, 'rr-a', at), payments.payCompensation({ ...adapters.money.compensation, bank }, 'rr-b', at)]);
  expect([...outcomes].sort()).toEqual(['busy', 'sent']);
  const payer = outcomes[0] === 'sent' ? 'rr-a' : 'rr-b';
  const waiter = payer === 'rr-a' ? 'rr-b' : 'rr-a';
  expect(await available(accounts.riskReserve)).toBe(0);
  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, waiter, at)).toBe('busy');

  const paymentId = `rcomp-${payer}-1`;
  expect(await payments.completeCompensation(adapters.money.compensation, event(paymentId, 'transfer.succeeded', 1), at)).toBe('compensation-confirmed');
  expect(await payments.completeCompensation(adapters.money.compensation, event(paymentId, 'transfer.succeeded', 2), at)).toBe('compensation-confirmed');
  const paid = await reserve.findDecision(payer);
  expect(paid).toMatchObject({ status: 'PAID', paidFen: 1_200, reserveBalanceAfterFen: 0, paidAt: '2026-11-25T03:00:00Z' });
  const received = await Promise.all([1, 2, 3].map((n) => adapters.ledger.accountBalance(accounts.custody(`${payer}-investor-${n}`))));
  // Equal stakes and claims: ¥4 each (after their ¥1,000 bids left ¥1,000 each).
  expect(received.map((item) => item.creditsPosted - item.debitsPosted)).toEqual([100_400, 100_400, 100_400]);
  const holding = await adapters.servicing.findHolding(`${payer}-investor-1`, payer);
  expect(holding).toMatchObject({ receivedCompensationFen: 400, compensationId: paymentId });
  expect(await available(accounts.riskReserve)).toBe(0);

  // The lock is free; the other loan finds the reserve empty and stays APPROVED.
  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, waiter, at)).toBe('nothing-to-pay');
  expect((await reserve.findDecision(waiter))?.status).toBe('APPROVED');
  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, payer, at)).toBe('not-approved');
}, 120_000);

test('a refused instruction and a declined transfer release the reservation and leave the decision APPROVED; the next attempt pays', async () => {
  await disbursedLoan('rr-c');
  const before = await available(accounts.riskReserve);
  expect(before).toBe(600);
  await reserve.decideOnDefault('rr-c', 300_000, at);

  answer = 'refuse';
  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, 'rr-c', at)).toBe('refused');
  expect(await reserve.findDecision('rr-c')).toMatchObject({ status: 'APPROVED', attempt: 1, lastFailure: 'INSUFFICIENT_FUNDS' });
  expect(await available(accounts.riskReserve)).toBe(before);

  answer = 'accept';
  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, 'rr-c', at)).toBe('sent');
  expect(await reserve.findDecision('rr-c')).toMatchObject({ status: 'PAYING', attempt: 2, paymentId: 'rcomp-rr-c-2', payingFen: 600 });
  expect(await available(accounts.riskReserve)).toBe(0);
  // The sweep's daily retry re-sends a PAYING decision as it is.
  expect(await payments.payOutstandingCompensations({ ...adapters.money.compensation, bank }, at, new Set(['rr-a', 'rr-b']))).toEqual({ 'rr-c': 'resent' });
  expect(sent.at(-1)).toEqual({ instructionId: 'rcomp-rr-c-2', total: 600 });

  expect(await payments.completeCompensation(adapters.money.compensation, event('rcomp-rr-c-2', 'transfer.failed', 1), at)).toBe('compensation-failed');
  expect(await reserve.findDecision('rr-c')).toMatchObject({ status: 'APPROVED', attempt: 2, lastFailure: 'TRANSFER_DECLINED' });
  expect(await available(accounts.riskReserve)).toBe(before);

  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, 'rr-c', at)).toBe('sent');
  await payments.completeCompensation(adapters.money.compensation, event('rcomp-rr-c-3', 'transfer.succeeded', 1), at);
  expect(await reserve.findDecision('rr-c')).toMatchObject({ status: 'PAID', paidFen: 600, paymentId: 'rcomp-rr-c-3' });
  // A late confirmation of the declined attempt is a contradiction, refused.
  await expect(payments.completeCompensation(adapters.money.compensation, event('rcomp-rr-c-2', 'transfer.succeeded', 2), at)).rejects.toThrow();
  expect(await available(accounts.riskReserve)).toBe(0);
}, 120_000);

test('a compensation and a repayment of the same loan never overlap: a repayment waits while the reserve’s payment is with the bank, then repays the reserve first; a compensation waits while a repayment is with the bank', async () => {
  const later = new Date('2026-12-25T02:00:00Z'); // the first due date of loans disbursed on 2026-11-25
  const repayment = (loanId: string, key: string) => adapters.repayments.requestRepayment({ ...adapters.money.repayment, bank }, { loanId, kind: 'DUE', amountFen: 100, source: 'BORROWER', requestKey: key }, later);

  await disbursedLoan('rr-d');
  await reserve.decideOnDefault('rr-d', 300_000, at);
  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, 'rr-d', at)).toBe('sent');
  await expect(repayment('rr-d', 'api-rr-d-1')).rejects.toThrow('compensation of loan rr-d is with the bank');
  expect(await adapters.servicing.servicingState('rr-d')).toMatchObject({ repaymentCount: 0 });
  expect(await adapters.servicing.repaymentsOf('rr-d')).toEqual([]);
  await payments.completeCompensation(adapters.money.compensation, event('rcomp-rr-d-1', 'transfer.succeeded', 1), at);
  // Paid: the recovery now goes to the reserve (subrogation), not to the investors it paid.
  expect(await repayment('rr-d', 'api-rr-d-1')).toMatchObject({ status: 'PENDING', amountFen: 100, reserveRecoveryFen: 100 });

  await disbursedLoan('rr-e');
  await reserve.decideOnDefault('rr-e', 300_000, at);
  expect(await repayment('rr-e', 'api-rr-e-1')).toMatchObject({ status: 'PENDING', amountFen: 100 });
  const reserveBefore = await available(accounts.riskReserve);
  expect(await payments.payCompensation({ ...adapters.money.compensation, bank }, 'rr-e', at)).toBe('busy');
  expect(await reserve.findDecision('rr-e')).toMatchObject({ status: 'APPROVED' });
  expect(await available(accounts.riskReserve)).toBe(reserveBefore);
}, 120_000);
