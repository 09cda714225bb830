/**
 * The twin shows the metrics CloudWatch shows on AWS (GET /_twin/metrics), as the use
 * cases record them through the operational-signals port: faults injected at the
 * custodian bank reach the failure signals the alarms watch, through the real paths.
 * - A movement the platform never instructed makes the daily reconciliation find a
 *   difference: ReconciliationDifference (and the ReconciliationDifferences count) goes up.
 * - An investor's money gone at the bank makes it decline the disbursement transfer:
 *   DisbursementFailed goes up, the two bids are counted, and nothing is counted disbursed.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bank, customer, depositConfirmed, type Customer } from '../support/custody';
import { assessed, finishedExecution, investor, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
beforeAll(() => {
  ({ twin, documents, sfn } = setup);
});

const metrics = async () => {
  const answer = await json(`${twin.apiUrl}/_twin/metrics`);
  expect(answer.status).toBe(200);
  return answer.body as { namespace: string; metrics: Record<string, number> };
};

/** How much each named metric went up between two snapshots. */
const increase = (before: Record<string, number>, after: Record<string, number>, names: readonly string[]) => Object.fromEntries(names.map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)]));

test('a reconciliation difference injected at the bank shows as the ReconciliationDifference metric', async () => {
  const before = await metrics();
  expect(before.namespace).toBe('P2pLending');

  const judy = await customer(twin, documents);
  await depositConfirmed(judy, '120.00');
  const subAccountId = (await judy.get('/v1/me/account')).body.subAccountId as string;
  expect((await bank(twin).adjust({ subAccountId, amount: '3.33', direction: 'CREDIT', note: 'fault injection' })).status).toBe(201);

  // Past the 02:30 (Asia/Shanghai) reconciliation of today's business date.
  const now = (await json(`${twin.apiUrl}/_twin/clock`)).body.now as string;
  const day = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
  const next = new Date(Date.parse(`${day}T03:00:00+08:00`) + 24 * 3600_000).toISOString();
  expect((await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ set: next }) })).status).toBe(200);

  // One alarm-raising signal for the day; two differences: the movement the platform never made, and the closing balance it changed.
  expect(increase(before.metrics, (await metrics()).metrics, ['ReconciliationDifference', 'ReconciliationDifferences'])).toEqual({ ReconciliationDifference: 1, ReconciliationDifferences: 2 });
}, 60_000);

test('a disbursement the bank declines shows as the DisbursementFailed metric; its bids are counted, nothing disbursed', async () => {
  const borrower = await customer(twin, documents, { roles: ['borrower'] });
  await assessed(twin, documents, borrower.userId, 'C5');
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 300_000, grade: 'B' });
  const [first, second] = (await Promise.all([1, 2].map(() => investor(twin, documents, { deposit: '2000.00', level: 'C3' })))) as [Customer, Customer];
  const before = await metrics();

  expect((await first.post(`/v1/listings/${loanId}/bids`, { amount: '1500.00' })).status).toBe(201);
  // At the bank, the first investor's money is gone (an operator's adjustment): the transfer cannot be paid.
  const firstSub = (await bank(twin).subAccounts()).find((account) => account.ownerRef === first.userId);
  expect((await bank(twin).adjust({ subAccountId: firstSub.subAccountId, amount: '1000.00', direction: 'DEBIT' })).status).toBe(201);
  expect((await second.post(`/v1/listings/${loanId}/bids`, { amount: '1500.00' })).status).toBe(201);
  expect((await finishedExecution(sfn, loanId)).error).toBe('DisbursementFailed');
  expect(await loanItem(twin, documents, loanId)).toMatchObject({ status: 'DISBURSEMENT_FAILED' });

  expect(increase(before.metrics, (await metrics()).metrics, ['DisbursementFailed', 'BidsPlaced', 'AmountDisbursedFen'])).toEqual({ DisbursementFailed: 1, BidsPlaced: 2, AmountDisbursedFen: 0 });
}, 60_000);
