/**
 * GET /v1/stats on the twin: the platform-figures stream consumer's counters equal a
 * full recomputation from the ledger and the table (test/support/platform-figures.ts),
 * to the fen, for the whole platform and with filters, after a scenario: three loans
 * disbursed to two borrowers (one related party) by several investors, repayments
 * collected on their due dates, one loan 91+ days overdue (its borrower withdrew
 * everything). A redelivered stream batch changes nothing. The read costs the same
 * requests and at most a dozen items for one loan and for many.
 */
import { jest } from '@jest/globals';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, businessDate, platformTimeZone } from '../../functions/core/calendar';
import type { FiguresFilter } from '../../functions/core/platform-counters';
import { customer, settled, signedIn } from '../support/custody';
import { assessed, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { expectStatsEqualRecomputation as statsEqualRecomputation, scanTable } from '../support/platform-figures';
import { advanceClock, everyScheduleBut, repayingLoan, twinNow, withSchedulesDisabled } from '../support/servicing';
import { eventually, json } from '../support/twin-process';

jest.setTimeout(600_000);
const clients = twinWithClientsForThisFile();

type Adapter = typeof import('../../functions/adapters/dynamodb/platform-figures-repository');
let adapter: Adapter;

afterAll(() => {
  const trouble = clients.twin?.output().split('\n').filter((line) => /platform figures|dead letter/.test(line)) ?? [];
  if (trouble.length > 0) console.log(trouble.slice(0, 20).join('\n'));
});

beforeAll(async () => {
  const { twin } = clients;
  Object.assign(process.env, { TABLE_NAME: twin.tableName, AWS_ENDPOINT_URL_DYNAMODB: twin.dynamoDbUrl, AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'twin', AWS_SECRET_ACCESS_KEY: 'twin' });
  adapter = await import('../../functions/adapters/dynamodb/platform-figures-repository');
});

const expectStatsEqualRecomputation = (filters: readonly FiguresFilter[]) => statsEqualRecomputation(clients.twin, clients.documents, filters);

test('after lending, repayments and a loan 91+ days overdue, GET /v1/stats equals a recomputation from the ledger, to the fen, with filters', async () => {
  const { twin, documents, sfn } = clients;
  const cost = async (filter: FiguresFilter) => {
    const counter = { requests: 0, items: 0 };
    await adapter.platformFigures(filter, undefined, counter);
    return counter;
  };
  const empty = await json(`${twin.apiUrl}/v1/stats`);
  expect(empty.status).toBe(200);
  expect(empty.body).toMatchObject({ lent: { amount: '0.00', count: 0 }, overdue: { rateByAmount: '0.000000' }, fees: { borrowerServiceFeeRate: '0.02' } });
  expect((await json(`${twin.apiUrl}/v1/stats?grade=Z`)).status).toBe(400);
  expect((await json(`${twin.apiUrl}/v1/stats?from=2026-02-01&to=2026-01-01`)).status).toBe(400);

  // Two borrowers; the second is a related party (its profile says so).
  const late = await customer(twin, documents, { roles: ['borrower', 'investor'] });
  await assessed(twin, documents, late.userId, 'C5');
  const related = await customer(twin, documents, { roles: ['borrower', 'investor'] });
  await assessed(twin, documents, related.userId, 'C5');
  await documents.send(new UpdateCommand({ TableName: twin.tableName, Key: { pk: `USER#${related.userId}`, sk: 'PROFILE' }, UpdateExpression: 'SET relatedParty = :yes', ExpressionAttributeValues: { ':yes': true } }));

  const overdue = await repayingLoan(twin, documents, sfn, { investors: 3, termMonths: 6, grade: 'B', borrower: late });
  await expectStatsEqualRecomputation([{}]);
  const costOfOne = await cost({});
  const second = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 3, grade: 'C', borrower: related });
  const third = await repayingLoan(twin, documents, sfn, { investors: 2, termMonths: 6, grade: 'B', borrower: related });

  // The late borrower takes all the money out: nothing to auto-debit on the due dates.
  const borrower = await signedIn(twin, late.userId, ['borrower', 'investor']);
  const account = await borrower.get('/v1/me/account');
  const withdrawal = await borrower.post('/v1/me/withdrawals', { amount: account.body.available });
  expect(withdrawal.status).toBe(202);
  expect((await settled(borrower, 'withdrawals', withdrawal.body.id)).status).toBe('CONFIRMED');

  // 91 days after the first due date, at 01:30 Shanghai (after the scheduler's sweep). Of the daily jobs only the sweep,
  // which this test examines, runs on the way (the others are tested on their own).
  const due: string = overdue.installments[0]!.dueDate;
  await withSchedulesDisabled(twin, everyScheduleBut('overdue-sweep'), async () => {
    await advanceClock(twin, { set: new Date(Date.parse(`${addDays(due, 1)}T01:30:00+08:00`)).toISOString() });
    for (let day = 11; day <= 91; day += 10) await advanceClock(twin, { set: new Date(Date.parse(`${addDays(due, Math.min(day, 91))}T01:30:00+08:00`)).toISOString() });
  });
  await json(`${twin.apiUrl}/_twin/schedules/overdue-sweep/run`, { method: 'POST' });
  await eventually(async () => ((await loanItem(twin, documents, overdue.loanId)).overdueBucket === '90+' ? true : undefined), 'the loan to be 90+ days overdue', 60_000);

  const lentOn = businessDate(new Date(overdue.loan.disbursedAt ?? overdue.loan.updatedAt), platformTimeZone);
  const today = businessDate(await twinNow(twin), platformTimeZone);
  await expectStatsEqualRecomputation([
    {},
    { grade: 'B' },
    { grade: 'C' },
    { termMonths: 6 },
    { grade: 'B', termMonths: 6 },
    { grade: 'A' },
    { from: lentOn, to: lentOn },
    { from: `${lentOn.slice(0, 7)}-01`, to: today },
    { from: addDays(lentOn, 1), to: today, grade: 'B' },
  ]);

  // The scenario did what it says: all three lent, one related-party pair, a 90+ loan, several investors.
  const { body } = await json(`${twin.apiUrl}/v1/stats`);
  expect(body.lent.count).toBe(3);
  expect(body.lent.amount).toBe(((overdue.amountFen + second.amountFen + third.amountFen) / 100).toFixed(2));
  expect(body.relatedParty).toEqual({ amount: ((second.amountFen + third.amountFen) / 100).toFixed(2), count: 2 });
  expect(body.borrowers.cumulative).toBe(2);
  expect(body.investors.cumulative).toBe(7);
  expect(body.overdue.over90.count).toBe(1);
  expect(Number(body.overdue.rateByCount)).toBeGreaterThan(0);

  // Constant cost: the same requests, and at most STOCK + FLOW#ALL + 10 ranks, for one loan and for three.
  const costOfMany = await cost({});
  expect(costOfMany.requests).toBe(costOfOne.requests);
  expect(costOfMany.items).toBeLessThanOrEqual(12);
  const ranged = await cost({ from: '2020-01-15', to: '2030-06-10' });
  expect(ranged.requests).toBe(5);
});

test('a redelivered stream record changes no counter', async () => {
  const { twin, documents } = clients;
  const before = await json(`${twin.apiUrl}/v1/stats`);
  const { handler } = await import('../../functions/streams/platform-figures-consumer');
  const items = await scanTable(documents, twin.tableName);
  const repaying = new Set(items.filter((item) => String(item.pk).startsWith('LOAN#') && item.sk === 'LOAN' && item.status === 'REPAYING').map((item) => item.loanId));
  const installment = items.find((item) => repaying.has(item.loanId) && String(item.sk).startsWith('INSTALLMENT#') && item.status === 'DUE')!;
  const marshal = (await import('@aws-sdk/util-dynamodb')).marshall;
  // The processed stream records carry the same event ids as on the twin's stream only there; here the records
  // are replayed twice under a fixed id: the first delivery of an unchanged image moves nothing, the second nothing either.
  const record = (eventID: string, item: Record<string, unknown>, old?: Record<string, unknown>) => ({
    eventID,
    eventName: 'MODIFY' as const,
    dynamodb: {
      SequenceNumber: eventID,
      Keys: marshal({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshal(item, { removeUndefinedValues: true }) as never,
      ...(old ? { OldImage: marshal(old, { removeUndefinedValues: true }) as never } : {}),
    },
  });
  // A fake payment on the installment, delivered three times, then its reversal delivered twice: net zero, counted once each.
  const paid = { ...installment, paidPrincipalFen: (installment.paidPrincipalFen ?? 0) + 1 };
  for (let delivery = 0; delivery < 3; delivery += 1) expect(await handler({ Records: [record('redelivery-test-1', paid, installment)] })).toEqual({ batchItemFailures: [] });
  const during = await json(`${twin.apiUrl}/v1/stats`);
  const fen = (yuan: string) => Number(yuan.replace('.', ''));
  expect(fen(during.body.outstanding.principal)).toBe(fen(before.body.outstanding.principal) - 1);
  for (let delivery = 0; delivery < 2; delivery += 1) expect(await handler({ Records: [record('redelivery-test-2', installment, paid)] })).toEqual({ batchItemFailures: [] });
  const after = await json(`${twin.apiUrl}/v1/stats`);
  expect({ ...after.body, asOf: undefined }).toEqual({ ...before.body, asOf: undefined });
});
