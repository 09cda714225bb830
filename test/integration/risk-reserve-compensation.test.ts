/**
 * Risk-reserve compensation (风险准备金代偿) on a twin started with
 * RISK_RESERVE_COMPENSATES=true (this file only): a loan whose borrower withdrew the
 * disbursement is 91 days overdue (its first installment's due date is moved 91 days
 * back in the table, as if the clock had walked there: walking the twin's clock through
 * four months takes too long) and the sweep, run by hand, defaults it; the sweep's decision is APPROVED for
 * min(reserve, claim) and paid at once: the investors receive exactly that amount, pro
 * rata to what each is owed; the reserve's ledger balance and the bank's fee account drop
 * by it; the day reconciles BALANCED; the ledger sums to zero; a redelivered callback
 * changes nothing; the disclosure shows the PAID use; a later recovery repays the
 * reserve first (subrogation) and only the rest goes to the investors.
 */
import { jest } from '@jest/globals';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { addDays } from '../../functions/core/calendar';
import { investorClaims, splitCompensation } from '../../functions/core/risk-reserve-compensation';
import { expectedShares } from '../../functions/core/servicing';
import { bank, depositConfirmed, expectLedgerBalanced, settled, signedIn, tableClient } from '../support/custody';
import { loanItem, sfnClient } from '../support/listings';
import { advanceClock, installmentItems, repayingLoan, twinNow } from '../support/servicing';
import { eventually, json, startTwinProcess, type RunningTwin } from '../support/twin-process';

jest.setTimeout(600_000);

let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
beforeAll(async () => {
  twin = await startTwinProcess({ env: { RISK_RESERVE_COMPENSATES: 'true' } });
  documents = tableClient(twin);
  sfn = sfnClient(twin);
}, 120_000);
afterAll(async () => {
  documents?.destroy();
  sfn?.destroy();
  await twin?.stop();
});

const shanghai = (date: string, hour: number, minute = 0) => new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`));
/** The business date (Asia/Shanghai) of an instant. */
const businessDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const fenOf = (yuan: string) => Number(yuan.replace('.', ''));
const yuanOf = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Moves the clock to `at` in steps of at most 10 days (each step fires every daily schedule it passes; one long step outlasts fetch's timeout). */
async function moveClockTo(at: Date): Promise<void> {
  for (;;) {
    const now = await twinNow(twin);
    if (now.getTime() >= at.getTime()) return;
    const step = Math.min(at.getTime(), now.getTime() + 10 * 86_400_000);
    await advanceClock(twin, { set: new Date(step).toISOString() });
  }
}

async function ledgerAccount(account: string): Promise<Record<string, any>> {
  const { Item } = await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `ACCOUNT#${account}`, sk: 'BALANCE' }, ConsistentRead: true }));
  return Item ?? { creditsPosted: 0, debitsPosted: 0, debitsPending: 0, creditsPending: 0 };
}
const postedCredit = async (account: string) => {
  const item = await ledgerAccount(account);
  return item.creditsPosted - item.debitsPosted;
};
const feeAccountFen = async () => fenOf((await bank(twin).subAccounts()).find((account) => account.kind === 'PLATFORM_FEES')!.balance);
async function decisionItem(loanId: string): Promise<Record<string, any> | undefined> {
  return (await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: 'RISK_RESERVE', sk: `DECISION#${loanId}` }, ConsistentRead: true }))).Item;
}

test('a defaulted loan is compensated by the reserve exactly once, pro rata; books reconcile; a recovery repays the reserve first', async () => {
  const loan = await repayingLoan(twin, documents, sfn, { investors: 3, termMonths: 6, annualRate: '0.1' });

  // Nothing left to auto-debit: the borrower withdraws the whole disbursement.
  const borrower = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  const withdrawal = await borrower.post('/v1/me/withdrawals', { amount: (await borrower.get('/v1/me/account')).body.available });
  expect((await settled(borrower, 'withdrawals', withdrawal.body.id)).status).toBe('CONFIRMED');

  // The first installment fell due 91 days ago (re-dated, and on the dueDates index where the sweep finds what just fell due).
  const today = businessDay(await twinNow(twin));
  const due = addDays(today, -91);
  await documents.send(
    new UpdateCommand({
      TableName: twin.tableName,
      Key: { pk: `LOAN#${loan.loanId}`, sk: 'INSTALLMENT#001' },
      UpdateExpression: 'SET dueDate = :due, duePk = :duePk',
      ConditionExpression: '#number = :one',
      ExpressionAttributeNames: { '#number': 'number' },
      ExpressionAttributeValues: { ':due': due, ':duePk': `DUE#${addDays(today, -1)}`, ':one': 1 },
    }),
  );
  // The reserve holds the disbursement fee's provision, the bank's fee account at least that.
  const reserveBefore = await postedCredit('platform:risk-reserve');
  expect(reserveBefore).toBeGreaterThan(0);
  const feesBefore = await feeAccountFen();
  const custodyBefore = new Map(await Promise.all(loan.investors.map(async ({ who }) => [who.userId, await postedCredit(`custody:${who.userId}`)] as const)));
  // What each investor is owed (nothing was repaid): the split the reserve must pay.
  const installments = await installmentItems(twin, documents, loan.loanId);
  expect(installments[0]!.dueDate).toBe(due);
  const stakes = loan.investors.map(({ who, stakeFen }) => ({ investorId: who.userId, principalFen: stakeFen })).sort((a, b) => (a.investorId < b.investorId ? -1 : 1));
  const claims = investorClaims(expectedShares(installments as Array<{ principalFen: number; interestFen: number }>, stakes), new Map());

  // The sweep defaults the loan, decides and pays; the bank's callback completes it.
  const swept = (await json(`${twin.apiUrl}/_twin/schedules/overdue-sweep/run`, { method: 'POST' })).body;
  expect(swept.outcome.summary).toMatchObject({ defaulted: 1, compensations: { [loan.loanId]: 'sent' } });
  expect(await loanItem(twin, documents, loan.loanId)).toMatchObject({ status: 'DEFAULTED' });
  const paid = await eventually(async () => {
    const item = await decisionItem(loan.loanId);
    return item?.status === 'PAID' ? item : undefined;
  }, 'the risk reserve’s payment to be confirmed', 60_000);
  const claimFen = installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
  const amount = Math.min(reserveBefore, claimFen);
  expect(paid).toMatchObject({ status: 'PAID', reason: 'POLICY_ON', amountFen: amount, paidFen: amount, paymentId: `rcomp-${loan.loanId}-1`, reserveBalanceAfterFen: reserveBefore - amount });

  // The investors received exactly the amount, pro rata to what each was owed; the reserve and the bank's fee account dropped by it.
  const expected = splitCompensation(amount, claims);
  for (const share of expected) expect((await postedCredit(`custody:${share.investorId}`)) - custodyBefore.get(share.investorId)!).toBe(share.amountFen);
  expect(expected.reduce((sum, share) => sum + share.amountFen, 0)).toBe(amount);
  expect(await postedCredit('platform:risk-reserve')).toBe(reserveBefore - amount);
  expect((await ledgerAccount('platform:risk-reserve')).debitsPending).toBe(0);
  // Each investor sees it in their holding, apart from what the borrower repaid.
  for (const share of expected) {
    const [holding] = (await (await signedIn(twin, share.investorId, ['investor'])).get('/v1/me/holdings')).body.items;
    expect(holding).toMatchObject({ loanId: loan.loanId, status: 'DEFAULTED', receivedCompensation: yuanOf(share.amountFen) });
  }
  expect(await feeAccountFen()).toBe(feesBefore - amount);
  await expectLedgerBalanced(twin, documents);

  // Disclosed: the PAID use with its amount and the balance after; logged on the collection case.
  const disclosure = (await json(`${twin.apiUrl}/v1/risk-reserve`)).body;
  expect(disclosure.compensatesInvestors).toBe(true);
  expect(disclosure.decisions).toEqual(
    expect.arrayContaining([expect.objectContaining({ loanId: loan.loanId, status: 'PAID', amount: yuanOf(amount), paid: yuanOf(amount), balanceAfter: yuanOf(reserveBefore - amount), paidAt: expect.any(String) })]),
  );
  expect(fenOf(disclosure.compensated)).toBe(amount);
  const auditor = await signedIn(twin, 'staff-auditor', ['auditor']);
  const actions = (await auditor.get(`/v1/collections/${loan.loanId}`)).body.actions.map((action: { kind: string }) => action.kind);
  expect(actions).toEqual(expect.arrayContaining(['DEFAULTED', 'RISK_RESERVE_DECISION', 'RISK_RESERVE_PAID']));

  // The bank delivers the confirmation again, and the sweep runs again: nothing moves twice.
  const event = (await bank(twin).events()).find((candidate) => candidate.instructionId === `rcomp-${loan.loanId}-1` && candidate.type === 'transfer.succeeded');
  expect(event).toBeDefined();
  expect((await bank(twin).deliver(event.eventId)).status).toBeLessThan(300);
  await json(`${twin.apiUrl}/_twin/schedules/overdue-sweep/run`, { method: 'POST' });
  expect(await postedCredit('platform:risk-reserve')).toBe(reserveBefore - amount);
  for (const share of expected) expect((await postedCredit(`custody:${share.investorId}`)) - custodyBefore.get(share.investorId)!).toBe(share.amountFen);
  expect(await feeAccountFen()).toBe(feesBefore - amount);
  expect(await decisionItem(loan.loanId)).toEqual(paid);

  // The day closes: its reconciliation is BALANCED (the compensation is in the day book).
  const day = today;
  await moveClockTo(shanghai(addDays(today, 1), 3));
  const reconciled = (await json(`${twin.apiUrl}/_twin/schedules/daily-reconciliation/run`, { method: 'POST' })).body;
  expect(reconciled.outcome).toMatchObject({ summary: { businessDate: day, status: 'BALANCED' } });
  const report = (await (await signedIn(twin, 'staff-auditor', ['auditor'])).get(`/v1/reconciliations/${day}`)).body;
  expect(report).toMatchObject({ businessDate: day, status: 'BALANCED', differenceCount: 0 });

  // A recovery afterwards: the reserve is repaid first, up to what it paid; only the rest goes to the investors.
  const recoveryFen = amount + 50_000;
  const payer = await signedIn(twin, loan.borrower.userId, ['borrower', 'investor']);
  await depositConfirmed(payer, yuanOf(recoveryFen));
  // Read before the repayment is asked for: the bank may confirm it, and the reserve be credited, before the 202 is read.
  const reserveBeforeRecovery = await postedCredit('platform:risk-reserve');
  const recovery = await payer.post(`/v1/loans/${loan.loanId}/repayments`, { kind: 'DUE', amount: yuanOf(recoveryFen) });
  expect(recovery.status).toBe(202);
  await eventually(
    async () => ((await payer.get(`/v1/loans/${loan.loanId}/repayments`)).body.items?.find((item: { repaymentId: string; status: string }) => item.repaymentId === recovery.body.repaymentId && item.status === 'CONFIRMED')),
    'the recovery to be confirmed',
    60_000,
  );
  const record = (await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loan.loanId}`, sk: `REPAYMENT#${String(recovery.body.repaymentId.split('-').at(-1)).padStart(6, '0')}` }, ConsistentRead: true }))).Item;
  const entry = (await documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `ENTRY#rpay-dist:${recovery.body.repaymentId}:0`, sk: 'ENTRY' }, ConsistentRead: true }))).Item;
  const toReserve = (entry?.transfers as Array<{ id: string; amountFen: number }>).find((transfer) => transfer.id === `${recovery.body.repaymentId}:to-reserve`);
  expect(toReserve?.amountFen).toBe(amount);
  const provision = (entry?.transfers as Array<{ id: string; amountFen: number }>).find((transfer) => transfer.id === `${recovery.body.repaymentId}:fee:reserve`)?.amountFen ?? 0;
  expect((await postedCredit('platform:risk-reserve')) - reserveBeforeRecovery).toBe(amount + provision);
  expect(record?.reserveRecoveryFen).toBe(amount);
  const distributed = (record?.distribution as Array<{ principalFen: number; interestFen: number; penaltyFen: number }>).reduce((sum, share) => sum + share.principalFen + share.interestFen + share.penaltyFen, 0);
  expect(distributed).toBe(recoveryFen - amount);
  await expectLedgerBalanced(twin, documents);
});
