/**
 * The twin as `npm start` runs it: health within 30 s, the OpenAPI document, the
 * control routes, and the scheduler firing the shared schedules by the twin's clock.
 */
import { execFileSync } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { routes } from '../../functions/api/routes';
import { eventually, json, twinForThisFile } from '../support/twin-process';

// As `npm start` runs it: with a DynamoDB Local of its own, which its stop must leave no trace of.
const current = twinForThisFile({ ownDynamoDb: true });
let twin: ReturnType<typeof current>;
beforeAll(() => {
  twin = current();
});

test('starts and reports every part healthy', async () => {
  const health = await json(`${twin.apiUrl}/v1/health`);
  expect(health.status).toBe(200);
  expect(health.body.status).toBe('ok');
  expect(health.body.parts).toEqual({ table: { status: 'ok' }, 'workflow:loan-origination': { status: 'ok' }, 'workflow:loan-servicing': { status: 'ok' }, 'custodian-bank': { status: 'ok' } });
});

test('serves the OpenAPI document with every route of the manifest', async () => {
  const { status, body } = await json(`${twin.apiUrl}/openapi.json`);
  expect(status).toBe(200);
  expect(body.openapi).toBe('3.1.0');
  for (const route of routes) expect(body.paths[route.path][route.method.toLowerCase()].operationId).toBe(route.id);
});

test('answers unknown routes and unknown control routes with 404', async () => {
  expect((await json(`${twin.apiUrl}/v1/nothing-here`)).status).toBe(404);
  const control = await json(`${twin.apiUrl}/_twin/nothing-here`, { method: 'POST', body: '{}' });
  expect(control.status).toBe(404);
  expect(control.headers.get('content-type')).toBe('application/problem+json');
});

test('the clock moves forward only, by a duration or to an instant', async () => {
  const before = Date.parse((await json(`${twin.apiUrl}/_twin/clock`)).body.now);
  const advanced = await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT2H' }) });
  expect(advanced.status).toBe(200);
  expect(Date.parse(advanced.body.now) - before).toBeGreaterThanOrEqual(2 * 3600_000);
  const backwards = await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ set: '2020-01-01T00:00:00Z' }) });
  expect(backwards.status).toBe(400);
  const nonsense = await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'soon' }) });
  expect(nonsense.status).toBe(400);
  // The health report tells the twin's time, not the wall clock's.
  const health = await json(`${twin.apiUrl}/v1/health`);
  expect(Date.parse(health.body.time)).toBeGreaterThanOrEqual(before + 2 * 3600_000);
});

test('advancing the clock fires each daily occurrence of the overdue sweep once, in order', async () => {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: twin.dynamoDbUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' } }),
  );
  const runs = async () =>
    (
      await documents.send(
        new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'SCHEDULE#overdue-sweep' } }),
      )
    ).Items ?? [];
  const before = (await runs()).length;
  await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P3D' }) });
  const after = await runs();
  expect(after.length - before).toBe(3);
  const times = after.map((run) => run.scheduledTime as string);
  // Every occurrence is 01:00 in Asia/Shanghai, i.e. 17:00 UTC, and each has completed.
  for (const time of times) expect(time).toMatch(/T17:00:00\.000Z$/);
  expect(after.every((run) => typeof run.completedAt === 'string')).toBe(true);
  const schedules = await json(`${twin.apiUrl}/_twin/schedules`);
  expect(schedules.body.schedules.map((schedule: { name: string }) => schedule.name)).toEqual(['overdue-sweep', 'collection-reminders', 'notices', 'daily-reconciliation', 'audit-verification', 'monthly-disclosure']);
  documents.destroy();
});

test('a schedule can be fired by hand; an unknown one is a 404', async () => {
  const fired = await json(`${twin.apiUrl}/_twin/schedules/daily-reconciliation/run`, { method: 'POST' });
  expect(fired.status).toBe(200);
  expect(fired.body.outcome.alreadyRan).toBe(false);
  expect(fired.body.outcome.summary.businessDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect((await json(`${twin.apiUrl}/_twin/schedules/nope/run`, { method: 'POST' })).status).toBe(404);
});

test('a schedule can be disabled and enabled as on EventBridge Scheduler; a bad state is a 400, an unknown schedule a 404', async () => {
  const put = (name: string, body: unknown) => json(`${twin.apiUrl}/_twin/schedules/${name}`, { method: 'PUT', body: JSON.stringify(body) });
  expect((await put('monthly-disclosure', { state: 'PAUSED' })).status).toBe(400);
  expect((await put('nope', { state: 'DISABLED' })).status).toBe(404);
  expect((await put('monthly-disclosure', { state: 'DISABLED' })).body).toEqual({ name: 'monthly-disclosure', state: 'DISABLED' });
  const stateOf = async () => (await json(`${twin.apiUrl}/_twin/schedules`)).body.schedules.find((schedule: { name: string }) => schedule.name === 'monthly-disclosure').state;
  expect(await stateOf()).toBe('DISABLED');
  expect((await put('monthly-disclosure', { state: 'ENABLED' })).body.state).toBe('ENABLED');
  expect(await stateOf()).toBe('ENABLED');
});

test('the twin logs one line per schedule run, without personal data', async () => {
  await json(`${twin.apiUrl}/_twin/schedules/collection-reminders/run`, { method: 'POST' });
  const events = () =>
    twin
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{"twin":'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const line = await eventually(async () => events().find((event) => event.twin === 'schedule.ran' && event.schedule === 'collection-reminders'), 'the schedule.ran line');
  expect(line).toEqual({ twin: 'schedule.ran', at: expect.any(String), schedule: 'collection-reminders', scheduledTime: expect.any(String), result: 'ok', tookMs: expect.any(Number) });
});

test('stopping the twin leaves no DynamoDB Local process behind', async () => {
  const port = new URL(twin.dynamoDbUrl).port;
  await twin.stop();
  const javaProcesses = execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((line) => line.includes('DynamoDBLocal') && line.includes(`-port ${port}`));
  expect(javaProcesses).toEqual([]);
});
