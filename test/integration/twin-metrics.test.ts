/**
 * The twin shows the metrics CloudWatch shows on AWS (GET /_twin/metrics): a fault
 * injected at the custodian bank (a movement the platform never instructed) makes the
 * daily reconciliation find differences, and the ReconciliationDifference failure
 * signal, the one its alarm watches, goes from nothing to one.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bank, customer, depositConfirmed } from '../support/custody';
import { json, type RunningTwin } from '../support/twin-process';
import { twinWithClientsForThisFile } from '../support/listings';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
beforeAll(() => {
  ({ twin, documents } = setup);
});

const metrics = async () => {
  const answer = await json(`${twin.apiUrl}/_twin/metrics`);
  expect(answer.status).toBe(200);
  return answer.body as { namespace: string; metrics: Record<string, number> };
};

test('a reconciliation difference injected at the bank shows as the ReconciliationDifference metric', async () => {
  const before = await metrics();
  expect(before.namespace).toBe('P2pLending');
  expect(before.metrics.ReconciliationDifference ?? 0).toBe(0);

  const judy = await customer(twin, documents);
  await depositConfirmed(judy, '120.00');
  const subAccountId = (await judy.get('/v1/me/account')).body.subAccountId as string;
  expect((await bank(twin).adjust({ subAccountId, amount: '3.33', direction: 'CREDIT', note: 'fault injection' })).status).toBe(201);

  // Past the 02:30 (Asia/Shanghai) reconciliation of today's business date.
  const now = (await json(`${twin.apiUrl}/_twin/clock`)).body.now as string;
  const day = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
  const next = new Date(Date.parse(`${day}T03:00:00+08:00`) + 24 * 3600_000).toISOString();
  expect((await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ set: next }) })).status).toBe(200);

  expect((await metrics()).metrics.ReconciliationDifference).toBe(1);
}, 60_000);
