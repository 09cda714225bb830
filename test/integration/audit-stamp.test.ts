/**
 * Every write says who, which request and when (issue #7), on the twin: a user's
 * deposit yields audit events whose `who` is that user and whose requestId is the one
 * the gateway gave the request (its x-request-id response header); the bank's callback
 * that confirms it says `custodian-bank` and another request id; a scheduled run's
 * events say `schedule:{name}` and the run's id; and `changedAt` follows the twin's
 * clock, not the wall clock, after the clock is moved forward.
 */
import { jest } from '@jest/globals';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, businessDate, platformTimeZone } from '../../functions/core/calendar';
import { customer, settled, signedIn, type Customer } from '../support/custody';
import { twinWithClientsForThisFile } from '../support/listings';
import { advanceClock, twinNow } from '../support/servicing';
import { json, type RunningTwin } from '../support/twin-process';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

jest.setTimeout(180_000);

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;

beforeAll(() => {
  ({ twin, documents } = setup);
});

/** Every audit event so far (the stream consumers catch up when the clock moves). */
async function auditEvents(): Promise<Array<Record<string, any>>> {
  await advanceClock(twin, 'PT1S');
  // A fresh token: tokens last an hour on the twin's clock, which these tests move by days.
  const auditor: Customer = await signedIn(twin, `auditor-${Date.now()}`, ['auditor']);
  const events: Array<Record<string, any>> = [];
  let cursor: string | undefined;
  do {
    const page = await auditor.get(`/v1/audit?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    expect(page.body.verification.valid).toBe(true);
    events.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return events;
}

/** Ten days ahead of the wall clock: a stamp from the system clock or the stream's time would be far before it. */
async function clockAhead(): Promise<Date> {
  await advanceClock(twin, 'P10D');
  const at = await twinNow(twin);
  expect(at.getTime() - Date.now()).toBeGreaterThan(9 * 86_400_000);
  return at;
}

const within = (changedAt: string, from: Date, minutes = 30) => {
  const at = Date.parse(changedAt);
  return at >= from.getTime() && at <= from.getTime() + minutes * 60_000;
};

test('a deposit: the user and the gateway’s request id, then the bank’s callback; changedAt on the twin clock', async () => {
  const start = await clockAhead();
  const user = await customer(twin, documents, { roles: ['investor'] });
  const response = await user.post('/v1/me/deposits', { amount: '321.00' });
  expect(response.status).toBe(202);
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toMatch(/\S{8,}/);
  // Every response names its request, errors too.
  const refused = await user.post('/v1/me/deposits', { amount: 'lots' });
  expect(refused.status).toBe(400);
  expect(refused.headers.get('x-request-id')).toMatch(/\S{8,}/);
  expect(refused.headers.get('x-request-id')).not.toBe(requestId);
  expect((await settled(user, 'deposits', response.body.id)).status).toBe('CONFIRMED');

  const events = await auditEvents();
  const deposit = events.filter((event) => event.kind === 'custody.transaction' && event.entity.pk === `CUSTODY_TX#${response.body.id}`);
  const created = deposit.find((event) => event.change === 'INSERT');
  expect(created).toMatchObject({ who: user.userId, requestId });
  expect(within(created!.changedAt, start)).toBe(true);

  // The bank's signed callback confirms it: another request, made by the bank.
  const confirmed = deposit.find((event) => event.change === 'MODIFY' && event.after.fields.status === 'CONFIRMED');
  expect(confirmed).toBeDefined();
  expect(confirmed!.who).toBe('custodian-bank');
  expect(confirmed!.requestId).toEqual(expect.any(String));
  expect(confirmed!.requestId).not.toBe(requestId);
  expect(within(confirmed!.changedAt, start)).toBe(true);
  const entries = events.filter((event) => event.kind === 'ledger.entry' && event.requestId === confirmed!.requestId);
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) expect(entry.who).toBe('custodian-bank');
});

test('a scheduled run’s events say schedule:{name} and the run; changedAt follows the clock moved again', async () => {
  const start = await clockAhead();
  const today = businessDate(start, platformTimeZone);
  const loanId = `L-STAMP-${Date.now()}`;
  const borrowerId = `borrower-${Date.now()}`;
  const dueDate = addDays(today, -1);
  // A REPAYING loan whose first installment fell due yesterday (written straight to the table, as origination shapes it;
  // the sweep reads the due dates since its last run, and an earlier night's sweep has passed the days before).
  const items: Record<string, unknown>[] = [
    { pk: `USER#${borrowerId}`, sk: 'PROFILE', userId: borrowerId, username: borrowerId, roles: ['borrower'], createdAt: '2026-01-01T00:00:00Z', verification: { status: 'VERIFIED', kind: 'personal', verifiedAt: '2026-01-01T00:00:00Z', masked: { name: '张*', phone: '138****5678' } } },
    {
      pk: `LOAN#${loanId}`, sk: 'LOAN', loanId, borrowerId, amountFen: 1_600_000, termMonths: 2, status: 'REPAYING', annualRate: '0.1', method: 'EQUAL_PRINCIPAL',
      createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ownerPk: `USER#${borrowerId}#LOANS`, ownerSk: `2026-01-01T00:00:00.000Z#${loanId}`,
    },
    ...[1, 2].map((number) => {
      const due = addDays(dueDate, (number - 1) * 30);
      const nnn = String(number).padStart(3, '0');
      return { pk: `LOAN#${loanId}`, sk: `INSTALLMENT#${nnn}`, loanId, number, dueDate: due, principalFen: 800_000, interestFen: 100_000, totalFen: 900_000, remainingPrincipalFen: 800_000 * (2 - number), status: 'DUE', duePk: `DUE#${due}`, dueSk: `${loanId}#${nnn}`, createdAt: '2026-01-01T00:00:00.000Z' };
    }),
  ];
  await documents.send(new BatchWriteCommand({ RequestItems: { [twin.tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));

  const run = await json(`${twin.apiUrl}/_twin/schedules/overdue-sweep/run`, { method: 'POST' });
  expect(run.status).toBe(200);
  expect(run.body.outcome).toMatchObject({ alreadyRan: false, summary: { loansOverdue: expect.any(Number) } });
  expect(run.body.outcome.summary.loansOverdue).toBeGreaterThanOrEqual(1);
  const runId = `overdue-sweep@${run.body.scheduledTime}`;

  const events = await auditEvents();
  const touched = events.filter((event) => event.entity.pk === `LOAN#${loanId}` && event.change === 'MODIFY');
  const overdue = touched.find((event) => event.entity.sk === 'INSTALLMENT#001' && event.after.fields.status === 'OVERDUE');
  expect(overdue).toMatchObject({ who: 'schedule:overdue-sweep', requestId: runId });
  expect(within(overdue!.changedAt, start)).toBe(true);
  for (const event of touched) expect(event).toMatchObject({ who: 'schedule:overdue-sweep', requestId: runId });
  // The loans' own writes before the run (straight to the table, no stamp) say no request.
  const inserted = events.filter((event) => event.entity.pk === `LOAN#${loanId}` && event.change === 'INSERT');
  expect(inserted.length).toBe(3);
  for (const event of inserted) expect(event.requestId).toBeUndefined();
  const opened = events.find((event) => event.kind === 'collection.case' && event.entity.sk === `CASE#${loanId}`);
  expect(opened).toMatchObject({ who: 'schedule:overdue-sweep', requestId: runId });
});

test('a workflow task’s writes name the task and the execution', async () => {
  const { sfn } = setup;
  const borrower = await customer(twin, documents, { roles: ['borrower'] });
  const { listedLoan } = await import('../support/listings');
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 1_000_000, grade: 'A' });
  const listed = (await auditEvents()).find((event) => event.kind === 'loan' && event.entity.pk === `LOAN#${loanId}` && event.after?.fields.status === 'LISTED');
  // listedLoan starts the origination execution under the loan's id.
  expect(listed).toMatchObject({ who: 'workflow:apply-loan-event', requestId: loanId });
});
