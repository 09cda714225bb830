/**
 * Issue #4's scenario through the twin's HTTP API only: register → login → verify →
 * assess → deposit confirmed by the bank's signed callback → the balance shows it.
 * Then no table item, log line or workflow payload holds the person's ID number,
 * phone, bank card or name in plain text.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { eventually, json, startTwinProcess, type RunningTwin } from '../support/twin-process';
import { balancedAnswers } from '../fixtures/risk-answers';

const person = { kind: 'personal', realName: '李四海', idNumber: '11010519491231002X', phone: '13900139000', bankCard: '6228480012345678903' } as const;
let dataDir: string;
let twin: RunningTwin;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'onboarding-'));
  twin = await startTwinProcess({ dataDir });
}, 90_000);
afterAll(async () => {
  await twin?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('a person registers, verifies, assesses, deposits; nothing stores their identity in plain text', async () => {
  const username = `li-${randomUUID().slice(0, 8)}`;
  const password = 'Correct-horse-2026!';
  expect((await json(`${twin.apiUrl}/v1/auth/register`, { method: 'POST', body: JSON.stringify({ username, password, roles: ['investor', 'borrower'] }) })).status).toBe(201);
  const login = await json(`${twin.apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
  expect(login.status).toBe(200);
  const headers = (key?: string) => ({ authorization: `Bearer ${login.body.accessToken}`, ...(key ? { 'idempotency-key': key } : {}) });
  const post = (path: string, body: unknown) => json(`${twin.apiUrl}${path}`, { method: 'POST', headers: headers(randomUUID()), body: JSON.stringify(body) });
  const get = (path: string) => json(`${twin.apiUrl}${path}`, { headers: headers() });

  const before = await get('/v1/me');
  expect(before.status).toBe(200);
  expect(before.body.verification).toBeUndefined();
  // Not verified yet: no money moves.
  expect((await post('/v1/me/deposits', { amount: '500.00' })).status).toBe(403);

  const verified = await post('/v1/me/verification', person);
  expect(verified.status).toBe(200);
  const assessed = await post('/v1/me/risk-assessment', { questionnaireVersion: '2026-1', answers: balancedAnswers });
  expect(assessed.status).toBe(200);
  expect(assessed.body.level).toMatch(/^C[1-5]$/);

  const deposit = await post('/v1/me/deposits', { amount: '2500.50' });
  expect(deposit.status).toBe(202);
  const confirmed = await eventually(async () => {
    const { body } = await get(`/v1/me/deposits/${deposit.body.id}`);
    return body.status === 'PENDING' || body.status === 'ACCEPTED' ? undefined : body;
  }, 'the bank to confirm the deposit');
  expect(confirmed.status).toBe('CONFIRMED');
  const account = await get('/v1/me/account');
  expect(account.body).toMatchObject({ available: '2500.50', frozen: '0.00' });

  const me = await get('/v1/me');
  expect(me.body.verification).toMatchObject({ status: 'VERIFIED', masked: { realName: '李**', idNumber: '110***********002X', phone: '139****9000', bankCard: '6228***********8903' } });
  expect(me.body.riskAssessment.level).toBe(assessed.body.level);
  expect(JSON.stringify(me.body)).not.toContain(person.idNumber);

  // The PII scan: every table item, every log line of the twin, every workflow record.
  const secrets = [person.idNumber, person.phone, person.bankCard, person.realName];
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: twin.dynamoDbUrl, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  const items: unknown[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: twin.tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  documents.destroy();
  expect(items.length).toBeGreaterThan(5);
  const tableText = JSON.stringify(items);
  // The scan can see: the masked forms are there.
  expect(tableText).toContain('139****9000');
  const workflowRecords = await Promise.all((await filesUnder(join(dataDir, 'stepfunctions')).catch(() => [])).map((file) => readFile(file, 'utf8')));
  for (const [where, text] of [['table', tableText], ['logs', twin.output()], ['workflows', workflowRecords.join('\n')]] as const) {
    for (const secret of secrets) expect({ where, found: text.includes(secret) ? secret : undefined }).toEqual({ where, found: undefined });
  }
}, 90_000);
