/**
 * The regulator's view through HTTP (GET /v1/compliance?month=) and the public operating
 * figures (GET /v1/public/operating-figures/{month}): a month whose every day reconciled
 * meets NO_FUND_POOL; one day with a difference breaches it with that day's id.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { daysToReport } from '../../functions/core/compliance';
import { signedIn, tableClient } from '../support/custody';
import { json, twinForThisFile } from '../support/twin-process';

const twin = twinForThisFile();
const month = '2025-01';

async function reconciled(businessDate: string, status: 'BALANCED' | 'DIFFERENCES'): Promise<void> {
  const report = { businessDate, generatedAt: `${businessDate}T18:00:00.000Z`, status, accountsChecked: 3, bankMovements: 2, platformMovements: 2, differenceCount: status === 'BALANCED' ? 0 : 1, differences: [] };
  await tableClient(twin()).send(new PutCommand({ TableName: twin().tableName, Item: { pk: `RECONCILIATION#${businessDate}`, sk: 'REPORT', ...report } }));
}

test('every day reconciled: NO_FUND_POOL met with its evidence; a difference on one day breaches it with that day', async () => {
  for (const day of daysToReport(month, '2025-02-01')) await reconciled(day, 'BALANCED');
  const auditor = await signedIn(twin(), `auditor-${randomUUID()}`, ['auditor']);
  const rule = async () => ((await auditor.get(`/v1/compliance?month=${month}`)).body.rules as Array<{ id: string }>).find((candidate) => candidate.id === 'NO_FUND_POOL');
  expect(await rule()).toMatchObject({ status: 'MET', evidence: "ledger equal to the bank's statement on 31 of 31 days", source: expect.stringContaining('art. 10 (2)'), offendingIds: [] });

  await reconciled('2025-01-17', 'DIFFERENCES');
  expect(await rule()).toMatchObject({ status: 'BREACHED', evidence: "ledger equal to the bank's statement on 30 of 31 days", offendingIds: ['2025-01-17'] });

  const borrower = await signedIn(twin(), `user-${randomUUID()}`, ['borrower']);
  expect((await borrower.get(`/v1/compliance?month=${month}`)).status).toBe(403);
  expect((await auditor.get('/v1/compliance?month=2025-13')).status).toBe(400);
  expect((await auditor.get('/v1/compliance?month=2999-01')).status).toBe(400);
}, 60_000);

test('a closed month’s operating figures are public, aggregates only; an open month is 422', async () => {
  const figures = await json(`${twin().apiUrl}/v1/public/operating-figures/${month}`);
  expect(figures.status).toBe(200);
  expect(figures.body).toMatchObject({ month, flowsBasis: 'month-end', stocksBasis: 'month-end' });
  expect(figures.body.entries).toEqual(expect.arrayContaining([{ name: 'month.lent.count', value: '0' }]));
  expect((await json(`${twin().apiUrl}/v1/public/operating-figures/2999-01`)).status).toBe(422);
}, 60_000);
