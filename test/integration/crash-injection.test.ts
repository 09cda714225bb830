/**
 * Crash injection (docs/testing.md): the steps that move money are cut after each of their
 * writes in turn — as if the Lambda died there — and then retried, as Step Functions
 * retries a task. After the retry every invariant holds and every effect happened
 * exactly once; a further replay changes nothing.
 *   - settling a disbursement (ledger entries, bids, day book, schedule, the loan, servicing started);
 *   - expiring a listing (every freeze voided).
 */
import { mockClient } from 'aws-sdk-client-mock';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { accounts, type AccountBalance } from '../../functions/core/ledger';
import { installCrashInjection, InjectedCrash } from '../support/crash-injection';
import { startTestTable, type TestTable } from '../support/dynamodb';
import { investorsOf, listedLoanInTable, loadAdapters, type TableAdapters } from '../support/table-loans';

let table: TestTable;
let adapters: TableAdapters;
let injection: ReturnType<typeof installCrashInjection>;
const sfn = mockClient(SFNClient);
const at = new Date('2026-11-25T02:00:00Z');
const confirmedAt = '2026-11-25T02:00:05Z';

beforeAll(async () => {
  table = await startTestTable('crash-injection');
  process.env.STATE_MACHINE_ARN_LOAN_SERVICING = 'arn:aws:states:local:000000000000:stateMachine:loan-servicing';
  adapters = await loadAdapters();
  injection = installCrashInjection(adapters.dynamodb.dynamodb);
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:local:000000000000:execution:loan-servicing:x', startDate: at });
}, 60_000);
afterAll(async () => {
  adapters?.dynamodb.documents.destroy();
  await table?.stop();
  sfn.restore();
});

/** A listed ¥3,000 loan with three ¥1,000 bids; FUNDED with its disbursement requested when `funded`. */
const listing = (loanId: string, funded: boolean) => listedLoanInTable(adapters, loanId, { tableName: table.tableName, at, termMonths: 12, funded });

async function balances(loanId: string): Promise<Record<string, AccountBalance>> {
  const names = [accounts.custody(`${loanId}-borrower`), accounts.subscription(loanId), ...investorsOf(loanId).map(accounts.custody)];
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await adapters.ledger.accountBalance(name)] as const)));
}

async function bidStatuses(loanId: string): Promise<string[]> {
  const statuses: string[] = [];
  for await (const page of adapters.listings.bidsOfLoan(loanId)) statuses.push(...page.map((bid) => bid.status));
  return statuses;
}

/** Runs `step` with a crash after k writes for k = 0, 1, 2, … until it completes untouched; after each crash a clean retry and `check`. */
async function everyCrashPoint(prepare: (loanId: string) => Promise<void>, step: (loanId: string) => Promise<unknown>, check: (loanId: string) => Promise<void>): Promise<number> {
  for (let k = 0; k < 200; k += 1) {
    const loanId = `loan-${k}-${Math.random().toString(36).slice(2, 8)}`;
    await prepare(loanId);
    injection.crashAfter(k);
    let crashed = false;
    try {
      await step(loanId);
    } catch (error) {
      if (!(error instanceof InjectedCrash)) throw error;
      crashed = true;
    } finally {
      injection.crashAfter(undefined);
    }
    if (crashed) await step(loanId); // the retry
    await check(loanId);
    const settled = await balances(loanId);
    await step(loanId); // a replay of a finished step
    expect(await balances(loanId)).toEqual(settled);
    if (!crashed) return k;
  }
  throw new Error('the step never completed without reaching the crash point');
}

test('settling a disbursement, cut after each of its writes and retried: every effect exactly once', async () => {
  const feeBefore = await adapters.ledger.accountBalance(accounts.feeIncome);
  const reserveBefore = await adapters.ledger.accountBalance(accounts.riskReserve);
  const writes = await everyCrashPoint(
    (loanId) => listing(loanId, true),
    (loanId) => adapters.disbursement.settleDisbursement(adapters.money.disbursement, loanId, confirmedAt, at),
    async (loanId) => {
      const seen = await balances(loanId);
      for (const investorId of investorsOf(loanId)) expect(seen[accounts.custody(investorId)]).toEqual({ debitsPending: 0, debitsPosted: 100_000, creditsPending: 0, creditsPosted: 200_000 });
      expect(seen[accounts.custody(`${loanId}-borrower`)]).toEqual({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 294_000 });
      expect(seen[accounts.subscription(loanId)]).toEqual({ debitsPending: 0, debitsPosted: 300_000, creditsPending: 0, creditsPosted: 300_000 });
      expect(await bidStatuses(loanId)).toEqual(['POSTED', 'POSTED', 'POSTED']);
      expect((await adapters.loans.getLoan(loanId)).status).toBe('REPAYING');
      // Servicing was started, even when the crash came after the loan became REPAYING.
      expect(sfn.commandCalls(StartExecutionCommand).some((call) => call.args[0].input.name === loanId)).toBe(true);
      const installments = await adapters.installments.installmentsOf(loanId);
      expect(installments.map((installment) => installment.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(installments.reduce((sum, installment) => sum + installment.principalFen, 0)).toBe(300_000);
      const book = (await adapters.custody.dayBook('2026-11-25')).filter((line) => line.instructionId === `disb-${loanId}`);
      expect(book.map((line) => `${line.userId}:${line.direction}:${line.amountFen}`).sort()).toEqual(
        [...investorsOf(loanId).map((id) => `${id}:DEBIT:100000`), `${loanId}-borrower:CREDIT:300000`, `${loanId}-borrower:DEBIT:6000`, 'platform:CREDIT:6000'].sort(),
      );
    },
  );
  expect(writes).toBeGreaterThan(10);
  // The fee and its reserve provision were booked once per loan, whatever the crashes: writes + 1 loans.
  const fee = await adapters.ledger.accountBalance(accounts.feeIncome);
  const reserve = await adapters.ledger.accountBalance(accounts.riskReserve);
  expect(fee.creditsPosted - feeBefore.creditsPosted).toBe((writes + 1) * 6_000);
  expect(reserve.creditsPosted - reserveBefore.creditsPosted).toBe((writes + 1) * 600);
}, 240_000);

test('settling a disbursement whose servicing start failed after the loan became REPAYING: the retry starts it', async () => {
  const loanId = `loan-start-${Math.random().toString(36).slice(2, 8)}`;
  await listing(loanId, true);
  sfn.on(StartExecutionCommand, { name: loanId }).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves({ executionArn: `arn:aws:states:local:000000000000:execution:loan-servicing:${loanId}`, startDate: at });
  await expect(adapters.disbursement.settleDisbursement(adapters.money.disbursement, loanId, confirmedAt, at)).rejects.toThrow('Rate exceeded');
  expect((await adapters.loans.getLoan(loanId)).status).toBe('REPAYING');
  const calls = sfn.commandCalls(StartExecutionCommand).length;
  await adapters.disbursement.settleDisbursement(adapters.money.disbursement, loanId, confirmedAt, at);
  expect(sfn.commandCalls(StartExecutionCommand).slice(calls).map((call) => call.args[0].input.name)).toEqual([loanId]);
}, 60_000);

test('expiring a listing, cut after each of its writes and retried: every freeze voided exactly once', async () => {
  const writes = await everyCrashPoint(
    (loanId) => listing(loanId, false),
    async (loanId) => {
      await adapters.loans.applyLoanEvent(loanId, 'EXPIRE', at, {}, adapters.listings.marketplaceAttributes);
      await adapters.loanEvents.releaseFrozenBids(adapters.money.loanEvents, loanId, at);
    },
    async (loanId) => {
      const seen = await balances(loanId);
      for (const investorId of investorsOf(loanId)) expect(seen[accounts.custody(investorId)]).toEqual({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 200_000 });
      expect(seen[accounts.subscription(loanId)]).toEqual({ debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 });
      expect(await bidStatuses(loanId)).toEqual(['VOIDED', 'VOIDED', 'VOIDED']);
      expect((await adapters.loans.getLoan(loanId)).status).toBe('EXPIRED');
    },
  );
  expect(writes).toBe(4);
}, 120_000);
