/**
 * Crash injection for repayment (docs/testing.md): the bank's confirmation of a repayment is
 * applied with a crash after each of its writes in turn — as if the Lambda died there —
 * then retried, as the bank redelivers an unacknowledged callback. After the retry every
 * effect happened exactly once (ledger, installments, holdings, day book, the loan's
 * totals and lock, the loan settled); a further replay changes nothing. Against
 * DynamoDB Local, with a stand-in bank and Step Functions.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { accounts, type AccountBalance } from '../../functions/core/ledger';
import type { CustodianBank } from '../../functions/adapters/custodian-bank/custodian-bank';
import { installCrashInjection, InjectedCrash } from '../support/crash-injection';
import { startTestTable, type TestTable } from '../support/dynamodb';
import { investorsOf, listedLoanInTable, loadAdapters, type TableAdapters } from '../support/table-loans';

let table: TestTable;
let adapters: TableAdapters;
let injection: ReturnType<typeof installCrashInjection>;
const sfn = mockClient(SFNClient);
const disbursedAt = new Date('2026-11-25T02:00:00Z');
const dueAt = new Date('2026-12-25T03:00:00Z');
const sent: string[] = [];
const bank = { transfer: async ({ instructionId }: { instructionId: string }) => (sent.push(instructionId), { accepted: true, status: 'PROCESSING' }) } as unknown as CustodianBank;

beforeAll(async () => {
  table = await startTestTable('repayment-crash');
  process.env.STATE_MACHINE_ARN_LOAN_SERVICING = 'arn:aws:states:local:000000000000:stateMachine:loan-servicing';
  adapters = await loadAdapters();
  injection = installCrashInjection(adapters.dynamodb.dynamodb);
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:local:000000000000:execution:loan-servicing:x', startDate: disbursedAt });
}, 60_000);
afterAll(async () => {
  adapters?.dynamodb.documents.destroy();
  await table?.stop();
  sfn.restore();
});

/** A one-month ¥3,000 loan (12%) funded by three ¥1,000 bids and disbursed; its borrower topped up to repay it; a DUE repayment sent on the due date. */
async function repaymentWithTheBank(loanId: string): Promise<string> {
  const borrowerId = `${loanId}-borrower`;
  await listedLoanInTable(adapters, loanId, { tableName: table.tableName, at: disbursedAt, termMonths: 1, funded: true });
  await adapters.disbursement.settleDisbursement(adapters.money.disbursement, loanId, disbursedAt.toISOString(), disbursedAt);
  await adapters.ledger.recordEntry({ id: `dep-${borrowerId}`, kind: 'deposit', transfers: [{ kind: 'posted', id: `dep-${borrowerId}`, debit: accounts.custodianBank, credit: accounts.custody(borrowerId), amountFen: 20_000 }] }, disbursedAt);
  const record = await adapters.repayments.requestRepayment({ ...adapters.money.repayment, bank }, { loanId, kind: 'DUE', source: 'BORROWER', requestKey: 'api-key-1' }, dueAt);
  expect(record).toMatchObject({ status: 'PENDING', amountFen: 303_000, principalFen: 300_000, interestFen: 3_000 });
  return record.repaymentId;
}

const confirm = (repaymentId: string) =>
  adapters.repayments.completeRepayment(adapters.money.repayment, { eventId: `evt-${repaymentId}`, type: 'transfer.succeeded', occurredAt: '2026-12-25T03:00:02.000Z', instructionId: repaymentId }, dueAt);

async function balances(loanId: string): Promise<Record<string, AccountBalance>> {
  const names = [accounts.custody(`${loanId}-borrower`), `loan:${loanId}:repayment`, ...investorsOf(loanId).map(accounts.custody)];
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await adapters.ledger.accountBalance(name)] as const)));
}

async function check(loanId: string, repaymentId: string): Promise<void> {
  const seen = await balances(loanId);
  // The borrower paid 303,000 once (294,000 + 20,000 in): no pending reservation left.
  expect(seen[accounts.custody(`${loanId}-borrower`)]).toEqual({ debitsPending: 0, debitsPosted: 303_000, creditsPending: 0, creditsPosted: 314_000 });
  expect(seen[`loan:${loanId}:repayment`]).toEqual({ debitsPending: 0, debitsPosted: 303_000, creditsPending: 0, creditsPosted: 303_000 });
  // Each investor: ¥1,000 principal + ¥10 interest − ¥1 fee, once.
  for (const investorId of investorsOf(loanId)) expect(seen[accounts.custody(investorId)]).toEqual({ debitsPending: 0, debitsPosted: 100_000, creditsPending: 0, creditsPosted: 200_000 + 100_900 });
  const [installment] = await adapters.installments.installmentsOf(loanId);
  expect(installment).toMatchObject({ status: 'SETTLED', paidPrincipalFen: 300_000, paidInterestFen: 3_000, paidPenaltyFen: 0 });
  for (const investorId of investorsOf(loanId)) {
    expect(await adapters.servicing.findHolding(investorId, loanId)).toMatchObject({ receivedPrincipalFen: 100_000, receivedInterestFen: 1_000, feesPaidFen: 100, receivedNetFen: 100_900 });
  }
  const state = await adapters.servicing.servicingState(loanId);
  expect(state).toMatchObject({ repaymentCount: 1, repaidPrincipalFen: 300_000, repaidInterestFen: 3_000, feesFen: 300 });
  expect(state.inFlight).toBeUndefined();
  expect((await adapters.servicing.findRepayment(loanId, 1))?.status).toBe('CONFIRMED');
  expect((await adapters.loans.getLoan(loanId)).status).toBe('SETTLED');
  const book = (await adapters.custody.dayBook('2026-12-25')).filter((line) => line.instructionId === repaymentId);
  expect(book.map((line) => `${line.userId}:${line.direction}:${line.amountFen}`).sort()).toEqual(
    [...investorsOf(loanId).map((id) => `${id}:CREDIT:100900`), `${loanId}-borrower:DEBIT:303000`, 'platform:CREDIT:300'].sort(),
  );
}

test('confirming a repayment, cut after each of its writes and redelivered: every effect exactly once; a further replay changes nothing', async () => {
  const feeBefore = await adapters.ledger.accountBalance(accounts.feeIncome);
  let completedAt: number | undefined;
  let loans = 0;
  for (let k = 0; k < 100 && completedAt === undefined; k += 1) {
    const loanId = `loan-${k}-${Math.random().toString(36).slice(2, 8)}`;
    const repaymentId = await repaymentWithTheBank(loanId);
    loans += 1;
    injection.crashAfter(k);
    let crashed = false;
    try {
      await confirm(repaymentId);
    } catch (error) {
      if (!(error instanceof InjectedCrash)) throw error;
      crashed = true;
    } finally {
      injection.crashAfter(undefined);
    }
    if (crashed) await confirm(repaymentId);
    else completedAt = k;
    await check(loanId, repaymentId);
    const settled = await balances(loanId);
    await confirm(repaymentId);
    expect(await balances(loanId)).toEqual(settled);
    await check(loanId, repaymentId);
  }
  expect(completedAt).toBeGreaterThan(8);
  // Management fees: ¥3 per loan, once each.
  const fee = await adapters.ledger.accountBalance(accounts.feeIncome);
  expect(fee.creditsPosted - feeBefore.creditsPosted).toBe(loans * (6_000 + 300));
  // The same request key sends the same instruction again and creates nothing new.
  expect(new Set(sent).size).toBe(loans);
}, 600_000);

test('a repayment request retried with its key (after a crash before the bank was asked) sends the one instruction, reserving once', async () => {
  const loanId = `loan-retry-${Math.random().toString(36).slice(2, 8)}`;
  const repaymentId = await repaymentWithTheBank(loanId);
  const again = await adapters.repayments.requestRepayment({ ...adapters.money.repayment, bank }, { loanId, kind: 'DUE', source: 'BORROWER', requestKey: 'api-key-1' }, dueAt);
  expect(again.repaymentId).toBe(repaymentId);
  expect(sent.filter((id) => id === repaymentId)).toHaveLength(2);
  expect((await balances(loanId))[accounts.custody(`${loanId}-borrower`)]).toMatchObject({ debitsPending: 303_000, debitsPosted: 0 });
  // Another request meanwhile finds the loan's repayment with the bank.
  await expect(adapters.repayments.requestRepayment({ ...adapters.money.repayment, bank }, { loanId, kind: 'DUE', source: 'BORROWER', requestKey: 'api-key-2', amountFen: 100 }, dueAt)).rejects.toMatchObject({ name: 'RepaymentInFlight' });
}, 120_000);
