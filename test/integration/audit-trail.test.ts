/**
 * The audit trail on the twin: after deposits and a loan funded and disbursed, the
 * table stream's `audit-trail` consumer has appended a hash chain that GET /v1/audit
 * (auditor) returns page by page with a valid verification and `npm run audit:verify`
 * accepts; an audit item edited or deleted straight in DynamoDB Local is reported by
 * both, and by the daily audit-verification schedule when it comes after its last run.
 * Investors get 403; an auditor gets 403 from every mutating route.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { routes } from '../../functions/api/routes';
import { customer, signedIn, type Customer } from '../support/custody';
import { twinWithClientsForThisFile } from '../support/listings';
import { repayingLoan } from '../support/servicing';
import { json, projectRoot, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
let auditor: Customer;

beforeAll(async () => {
  ({ twin, documents, sfn } = setup);
  auditor = await signedIn(twin, `auditor-${Date.now()}`, ['auditor']);
});

/** Lets the workflows and the table stream catch up (the twin settles both when its clock moves). */
const settle = () => json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT1S' }) });

async function auditPages(query = '', limit = 1000): Promise<Array<Record<string, any>>> {
  const pages: Array<Record<string, any>> = [];
  let cursor: string | undefined;
  do {
    const page = await auditor.get(`/v1/audit?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    pages.push(page.body);
    cursor = page.body.nextCursor;
  } while (cursor);
  return pages;
}

const exec = promisify(execFile);
async function auditVerify(): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('npm', ['run', '--silent', 'audit:verify'], {
      cwd: projectRoot,
      env: { ...process.env, AUDIT_DYNAMODB_ENDPOINT: twin.dynamoDbUrl, AUDIT_TABLE_NAME: twin.tableName },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function chainItems(): Promise<Array<Record<string, any>>> {
  const { Items } = await documents.send(
    new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'AUDIT#CHAIN' }, ConsistentRead: true }),
  );
  return Items ?? [];
}

test('money movements and state changes are in the chain, which verifies page by page and offline; investors may not read it', async () => {
  const loan = await repayingLoan(twin, documents, sfn, { investors: 2, amountFen: 200_000 });
  await settle();

  const whole = (await auditPages())[0]!;
  expect(whole.verification).toMatchObject({ valid: true, firstSequence: 1 });
  const events: Array<Record<string, any>> = whole.items;
  expect(events.map((event) => event.sequence)).toEqual(events.map((_, index) => index + 1));
  expect(whole.head).toMatchObject({ sequence: events.length, hash: events[events.length - 1]!.hash });
  // Each stream record once, whatever the redeliveries.
  expect(new Set(events.map((event) => event.streamEventId)).size).toBe(events.length);

  const kinds = new Set(events.map((event) => event.kind));
  for (const kind of ['ledger.entry', 'loan', 'loan.bid', 'loan.installment', 'custody.transaction', 'user.profile']) expect(kinds).toContain(kind);
  const loanStatuses = events.filter((event) => event.entity.pk === `LOAN#${loan.loanId}` && event.entity.sk === 'LOAN').map((event) => event.after?.fields.status);
  expect(loanStatuses).toContain('REPAYING');
  const bids = events.filter((event) => event.kind === 'loan.bid' && event.entity.pk === `LOAN#${loan.loanId}`);
  expect(bids.map((event) => event.after?.fields.investorId)).toEqual(expect.arrayContaining(loan.investors.map((funder) => funder.who.userId)));
  // Who: the investor who placed each bid; money movements carry their transfers (accounts and amounts).
  for (const bid of bids.filter((event) => event.change === 'INSERT')) expect(bid.who).toBe(bid.after.fields.investorId);
  const transfers: string[] = events.filter((event) => event.kind === 'ledger.entry').flatMap((event) => event.after?.fields.transfers ?? []);
  for (const funder of loan.investors) expect(transfers.some((transfer) => transfer.includes(funder.who.userId) && transfer.includes(`amountFen=${funder.stakeFen}`))).toBe(true);
  // Only ids, statuses and amounts: the borrower's masked name never appears.
  expect(JSON.stringify(events)).not.toContain('张');

  // Small pages: each verifies against the event before it; together they are the chain.
  const pages = await auditPages('', 7);
  expect(pages.length).toBeGreaterThan(1);
  for (const page of pages) expect(page.verification.valid).toBe(true);
  expect(pages.flatMap((page) => page.items.map((event: { sequence: number }) => event.sequence)).slice(0, events.length)).toEqual(events.map((event) => event.sequence));

  // A time range: from an instant in the middle of the chain.
  const middle = events[Math.floor(events.length / 2)]!;
  const ranged = (await auditPages(`&from=${encodeURIComponent(middle.at)}`))[0]!;
  expect(ranged.items[0].at >= middle.at).toBe(true);
  expect(ranged.items[0].sequence).toBeLessThanOrEqual(middle.sequence);
  expect(ranged.verification.valid).toBe(true);
  expect((await auditor.get('/v1/audit?from=2026-12-03&to=2026-12-01')).status).toBe(400);

  const offline = await auditVerify();
  expect(offline.code).toBe(0);
  expect(JSON.parse(offline.stdout)).toMatchObject({ valid: true });

  const investor = await customer(twin, documents, { roles: ['investor'] });
  expect((await investor.get('/v1/audit')).status).toBe(403);
}, 300_000);

test('an edited audit event and a deleted one are reported by the route and by npm run audit:verify', async () => {
  await settle();
  const items = await chainItems();
  expect(items.length).toBeGreaterThan(10);
  const target = items[Math.floor(items.length / 3)]!;

  // Edited: one field changed in place. The route reports it, and raises the AuditChainBreak signal (its alarm pages operations).
  const breaks = async () => ((await json(`${twin.apiUrl}/_twin/metrics`)).body.metrics.AuditChainBreak as number | undefined) ?? 0;
  const breaksBefore = await breaks();
  await documents.send(new PutCommand({ TableName: twin.tableName, Item: { ...target, who: 'mallory' } }));
  const edited = (await auditPages())[0]!;
  expect(edited.verification).toMatchObject({ valid: false, firstBreak: { sequence: target.sequence, reason: 'hash-mismatch' } });
  expect(await breaks()).toBeGreaterThan(breaksBefore);
  let offline = await auditVerify();
  expect(offline.code).toBe(1);
  expect(JSON.parse(offline.stdout).firstBreak).toMatchObject({ sequence: target.sequence, reason: 'hash-mismatch' });
  expect(offline.stderr).toContain(`BROKEN at event ${target.sequence}`);

  // Restored: valid again.
  await documents.send(new PutCommand({ TableName: twin.tableName, Item: target }));
  expect((await auditVerify()).code).toBe(0);

  // Deleted: the next event's sequence leaves a gap.
  await documents.send(new DeleteCommand({ TableName: twin.tableName, Key: { pk: target.pk, sk: target.sk } }));
  const deleted = (await auditPages())[0]!;
  expect(deleted.verification).toMatchObject({ valid: false, firstBreak: { sequence: target.sequence + 1, reason: 'gap' } });
  offline = await auditVerify();
  expect(offline.code).toBe(1);
  expect(JSON.parse(offline.stdout).firstBreak).toMatchObject({ sequence: target.sequence + 1, reason: 'gap' });
  await documents.send(new PutCommand({ TableName: twin.tableName, Item: target }));
}, 180_000);

test('the daily audit-verification schedule verifies what was appended since its last run, and pages on an event altered since', async () => {
  const runVerification = async () => {
    await settle(); // a new scheduled time each run (the run log refuses a second run of one)
    const run = await json(`${twin.apiUrl}/_twin/schedules/audit-verification/run`, { method: 'POST' });
    expect(run.status).toBe(200);
    return run.body.outcome.summary as Record<string, any>;
  };
  const headSequence = async () => Math.max(...(await chainItems()).map((item) => Number(item.sequence)));
  const breaks = async () => ((await json(`${twin.apiUrl}/_twin/metrics`)).body.metrics.AuditChainBreak as number | undefined) ?? 0;

  expect(await runVerification()).toMatchObject({ valid: true, verifiedThrough: await headSequence() });
  // New events (a new investor's records), one of them altered before the next run.
  const newcomer = await customer(twin, documents, { roles: ['investor'] });
  await settle();
  const appended = (await chainItems()).filter((item) => JSON.stringify(item).includes(newcomer.userId));
  expect(appended.length).toBeGreaterThan(0);
  const target = appended[0]!;
  const breaksBefore = await breaks();
  await documents.send(new PutCommand({ TableName: twin.tableName, Item: { ...target, who: 'mallory' } }));
  expect(await runVerification()).toMatchObject({ valid: false, firstBreak: { sequence: target.sequence, reason: 'hash-mismatch' } });
  expect(await breaks()).toBeGreaterThan(breaksBefore);
  await documents.send(new PutCommand({ TableName: twin.tableName, Item: target }));
  expect(await runVerification()).toMatchObject({ valid: true, verifiedThrough: await headSequence() });
}, 180_000);

test('an auditor can change nothing: every mutating route answers 403', async () => {
  const mutating = routes.filter((route) => route.method !== 'GET' && route.access !== 'public');
  expect(mutating.length).toBeGreaterThan(5);
  for (const route of mutating) expect(route.access).not.toContain('auditor');
  for (const route of mutating) {
    const path = route.path.replace(/\{[^}]+\}/g, 'some-id');
    const response = await json(`${twin.apiUrl}${path}`, {
      method: route.method,
      headers: { authorization: `Bearer ${auditor.token}`, 'idempotency-key': `auditor-${route.id}-key` },
      body: JSON.stringify({}),
    });
    expect({ route: route.id, status: response.status }).toEqual({ route: route.id, status: 403 });
  }
}, 120_000);
