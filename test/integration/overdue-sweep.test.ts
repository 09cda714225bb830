/**
 * The overdue sweep, the reminder job and withdrawal monitoring against DynamoDB Local
 * with synthetic loans and installments (shaped as origination stores them): marking,
 * penalty within the cap (checked against the core), buckets, escalation, default, the
 * contact policy, idempotency item for item, and the sweep's reads with 1k vs 10k
 * installments on the index and the same number due.
 */
import { jest } from '@jest/globals';
import { BatchWriteCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dropTable, ensureTable } from '../../lib/local/dynamodb-local';
import { addDays } from '../../functions/core/calendar';
import { accruePenalty, type OverdueInstallment } from '../../functions/core/overdue';
import { legalRateCap } from '../../functions/core/penalty';
import { parseRate } from '../../functions/core/rate';
import { maskedIdentityClaim } from '../../functions/core/identity-claim';
import { startTestTable, type TestTable } from '../support/dynamodb';

jest.setTimeout(180_000);

type Sweep = typeof import('../../functions/composition/servicing-operations');
type Reminders = typeof import('../../functions/composition/servicing-operations');
let dynamodb: TestTable;
let sweep: Sweep;
let reminders: Reminders;
let documents: (typeof import('../../functions/adapters/dynamodb/client'))['documents'];
let collections: typeof import('../../functions/adapters/dynamodb/collection-repository');
let notifier: typeof import('../../functions/adapters/notifier/notifier');
let monitoring: typeof import('../../functions/adapters/dynamodb/alert-repository') & typeof import('../../functions/composition/monitoring');

beforeAll(async () => {
  dynamodb = await startTestTable('overdue-test');
  sweep = await import('../../functions/composition/servicing-operations');
  reminders = await import('../../functions/composition/servicing-operations');
  collections = await import('../../functions/adapters/dynamodb/collection-repository');
  notifier = await import('../../functions/adapters/notifier/notifier');
  monitoring = { ...(await import('../../functions/adapters/dynamodb/alert-repository')), ...(await import('../../functions/composition/monitoring')) };
  ({ documents } = await import('../../functions/adapters/dynamodb/client'));
}, 60_000);
afterAll(async () => {
  documents?.destroy();
  await dynamodb?.stop();
});

const table = () => process.env.TABLE_NAME!;
/** 01:00 Asia/Shanghai on `date` (17:00 UTC the day before). */
const sweepTime = (date: string, minute = 0) => new Date(`${addDays(date, -1)}T17:${String(minute).padStart(2, '0')}:00.000Z`);
/** hh:mm Asia/Shanghai on `date`. */
const shanghai = (date: string, hour: number, minute = 0) => new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`));

async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let index = 0; index < items.length; index += 25) batches.push(items.slice(index, index + 25));
  const write = async (batch: Record<string, unknown>[]) => {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = { [table()]: batch.map((Item) => ({ PutRequest: { Item } })) };
    while (Object.keys(request).length > 0) {
      const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: request }));
      request = (UnprocessedItems ?? {}) as typeof request;
    }
  };
  for (let index = 0; index < batches.length; index += 16) await Promise.all(batches.slice(index, index + 16).map(write));
}

/** A REPAYING loan at 10% with one ¥8,000 + ¥1,000 installment a month from `firstDue`. */
function syntheticLoan(loanId: string, borrowerId: string, firstDue: string, count: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [
    {
      pk: `LOAN#${loanId}`,
      sk: 'LOAN',
      loanId,
      borrowerId,
      amountFen: 800_000 * count,
      termMonths: count,
      status: 'REPAYING',
      annualRate: '0.1',
      method: 'EQUAL_PRINCIPAL',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      disbursedAt: '2026-12-01T02:00:00.000Z',
      disbursement: { instructionId: `d-${loanId}`, borrowerSubAccount: 'x', toBorrowerFen: 1_000_000, feeFen: 20_000, requestedAt: '2026-12-01T01:59:00.000Z' },
      ownerPk: `USER#${borrowerId}#LOANS`,
      ownerSk: `2026-01-01T00:00:00.000Z#${loanId}`,
    },
  ];
  for (let number = 1; number <= count; number += 1) {
    const dueDate = addDays(firstDue, (number - 1) * 30);
    const nnn = String(number).padStart(3, '0');
    items.push({
      pk: `LOAN#${loanId}`,
      sk: `INSTALLMENT#${nnn}`,
      loanId,
      number,
      dueDate,
      principalFen: 800_000,
      interestFen: 100_000,
      totalFen: 900_000,
      remainingPrincipalFen: 800_000 * (count - number),
      status: 'DUE',
      duePk: `DUE#${dueDate}`,
      dueSk: `${loanId}#${nnn}`,
      createdAt: '2026-12-01T02:00:00.000Z',
    });
  }
  return items;
}

async function snapshot(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table(), ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.filter((item) => !String(item.pk).startsWith('SCHEDULE#')).sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

const rates = { contractRate: parseRate('0.1'), penaltyRate: parseRate('0.06'), legalCap: legalRateCap(parseRate('0.0345'), 4) };

/** The core's figure for one installment accrued daily from its due date through `days` days. */
function corePenalty(dueDate: string, days: number): number {
  let installment: OverdueInstallment = { number: 1, dueDate, principalFen: 800_000, interestFen: 100_000 };
  for (let day = 1; day <= days; day += 1) {
    const accrual = accruePenalty(installment, addDays(dueDate, day), rates);
    if (accrual) installment = { ...installment, penaltyFen: accrual.penaltyFen, penaltyAccruedThrough: accrual.penaltyAccruedThrough, penaltySpan: accrual.penaltySpan };
  }
  return installment.penaltyFen ?? 0;
}

async function itemOf(pk: string, sk: string): Promise<Record<string, unknown>> {
  const all = await snapshot();
  return all.find((item) => item.pk === pk && item.sk === sk) ?? {};
}

test('a loan goes 1, 31 and 91 days overdue: penalty within the cap, buckets, escalation, default; a second run changes nothing', async () => {
  const due = '2027-01-15';
  await writeAll([...syntheticLoan('L-OVERDUE', 'borrower-1', due, 3), { pk: 'USER#borrower-1', sk: 'PROFILE', userId: 'borrower-1', username: 'b1', roles: ['borrower'], createdAt: '2026-01-01T00:00:00Z', verification: { status: 'VERIFIED', kind: 'personal', verifiedAt: '2026-01-01T00:00:00Z', masked: { name: '张*', phone: '138****5678' } } }]);

  // On the due date itself nothing is overdue.
  const onDue = await sweep.sweepOverdue(sweepTime(due));
  expect(onDue).toMatchObject({ loansOverdue: 0, installmentsUpdated: 0 });

  // Day 1.
  const day1 = await sweep.sweepOverdue(sweepTime(addDays(due, 1)));
  expect(day1).toMatchObject({ loansOverdue: 1, overdueInstallments: 1, installmentsUpdated: 1, casesOpened: 1, penaltyAccruedFen: corePenalty(due, 1) });
  let installment = await itemOf('LOAN#L-OVERDUE', 'INSTALLMENT#001');
  expect(installment).toMatchObject({ status: 'OVERDUE', penaltyFen: corePenalty(due, 1), penaltyAccruedThrough: addDays(due, 1) });
  expect(String(installment.duePk)).toMatch(/^OVERDUE#\d$/);
  expect(await itemOf('LOAN#L-OVERDUE', 'LOAN')).toMatchObject({ overdueDays: 1, overdueBucket: '1-30', status: 'REPAYING' });
  expect(await collections.findCollectionCase('L-OVERDUE')).toMatchObject({ stage: 'REMINDERS', overdueDays: 1 });

  // A second run the same day: item for item unchanged.
  const before = await snapshot();
  const again = await sweep.sweepOverdue(sweepTime(addDays(due, 1), 30));
  expect(again).toMatchObject({ installmentsUpdated: 0, casesOpened: 0, penaltyAccruedFen: 0 });
  expect(await snapshot()).toEqual(before);

  // Reminders: 02:00 none, 10:00 one, again none; the message carries the masked name only.
  const day1Date = addDays(due, 1);
  expect(await reminders.sendReminders(shanghai(day1Date, 2))).toMatchObject({ sent: 0, refused: { OUTSIDE_HOURS: 1 } });
  expect(await reminders.sendReminders(shanghai(day1Date, 10))).toMatchObject({ sent: 1 });
  expect(await reminders.sendReminders(shanghai(day1Date, 10, 5))).toMatchObject({ sent: 0, refused: { ALREADY_CONTACTED_TODAY: 1 } });
  expect(await reminders.sendReminders(shanghai(day1Date, 21, 30))).toMatchObject({ sent: 0 });
  const outbox = await notifier.readOutbox();
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject({ recipientUserId: 'borrower-1', purpose: 'COLLECTION_REMINDER', messageId: `reminder:L-OVERDUE:${day1Date}` });
  expect(outbox[0]!.text).toContain('张*');
  expect(outbox[0]!.text).not.toMatch(/\d{11}|138/);

  // Daily sweeps to day 31: legal track, bucket 31–60 (installment 2 is overdue too by then).
  for (let day = 2; day <= 31; day += 1) await sweep.sweepOverdue(sweepTime(addDays(due, day)));
  expect(await itemOf('LOAN#L-OVERDUE', 'LOAN')).toMatchObject({ overdueDays: 31, overdueBucket: '31-60', status: 'REPAYING' });
  expect(await collections.findCollectionCase('L-OVERDUE')).toMatchObject({ stage: 'LEGAL', overdueDays: 31 });
  installment = await itemOf('LOAN#L-OVERDUE', 'INSTALLMENT#001');
  expect(installment.penaltyFen).toBe(corePenalty(due, 31));
  // 9000 × min(6%, 13.8% − 10%) × 31 / 365: within the cap.
  expect(installment.penaltyFen).toBe(Number((2n * 900_000n * 380n * 31n + 10_000n * 365n) / (2n * 10_000n * 365n)));
  // No reminders in the legal tier.
  expect(await reminders.sendReminders(shanghai(addDays(due, 31), 10))).toMatchObject({ sent: 0, refused: { NOT_IN_REMINDER_TIER: 1 } });

  // To day 91: default.
  for (let day = 32; day <= 91; day += 1) await sweep.sweepOverdue(sweepTime(addDays(due, day)));
  expect(await itemOf('LOAN#L-OVERDUE', 'LOAN')).toMatchObject({ overdueDays: 91, overdueBucket: '90+', status: 'DEFAULTED' });
  expect(await collections.findCollectionCase('L-OVERDUE')).toMatchObject({ stage: 'DEFAULTED' });
  expect((await itemOf('LOAN#L-OVERDUE', 'INSTALLMENT#001')).penaltyFen).toBe(corePenalty(due, 91));
  expect(await itemOf('RISK_RESERVE', 'DECISION#L-OVERDUE')).toMatchObject({ status: 'NOT_COMPENSATED', reason: 'POLICY_OFF', claimFen: 2_700_000 });
  const kinds = (await collections.collectionActions('L-OVERDUE')).map((action) => action.kind);
  expect(kinds).toEqual(['OPENED', 'REMINDER_SENT', 'ESCALATED_TO_LEGAL', 'DEFAULTED', 'RISK_RESERVE_DECISION']);

  const afterDefault = await snapshot();
  await sweep.sweepOverdue(sweepTime(addDays(due, 91), 45));
  expect(await snapshot()).toEqual(afterDefault);
});

test('a loan that catches up is cured (ageing cleared, case CURED) and reopens when it falls behind again; a recovery is logged once', async () => {
  const due = '2027-05-10';
  await writeAll(syntheticLoan('L-CURE', 'borrower-3', due, 2));
  for (let day = 1; day <= 5; day += 1) await sweep.sweepOverdue(sweepTime(addDays(due, day)));
  expect(await itemOf('LOAN#L-CURE', 'LOAN')).toMatchObject({ overdueDays: 5, overdueBucket: '1-30' });
  // The borrower pays installment 1 in full, as servicing records it: paid amounts, SETTLED, off the index.
  const penaltyFen = (await itemOf('LOAN#L-CURE', 'INSTALLMENT#001')).penaltyFen as number;
  await documents.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: 'LOAN#L-CURE', sk: 'INSTALLMENT#001' },
      UpdateExpression: 'SET #status = :settled, paidPrincipalFen = :p, paidInterestFen = :i, paidPenaltyFen = :pen REMOVE duePk, dueSk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':settled': 'SETTLED', ':p': 800_000, ':i': 100_000, ':pen': penaltyFen },
    }),
  );
  const cured = await sweep.sweepOverdue(sweepTime(addDays(due, 6)));
  expect(cured).toMatchObject({ cured: 1 });
  const loan = await itemOf('LOAN#L-CURE', 'LOAN');
  expect(loan).toMatchObject({ overdueDays: 0 });
  expect(loan.overdueBucket).toBeUndefined();
  expect(await collections.findCollectionCase('L-CURE')).toMatchObject({ stage: 'CURED' });
  const unchanged = await snapshot();
  await sweep.sweepOverdue(sweepTime(addDays(due, 6), 20));
  expect(await snapshot()).toEqual(unchanged);
  // Installment 2 (due 30 days later) goes unpaid: the case reopens.
  for (let day = 7; day <= 31; day += 1) await sweep.sweepOverdue(sweepTime(addDays(due, day)));
  expect(await itemOf('LOAN#L-CURE', 'LOAN')).toMatchObject({ overdueDays: 1, overdueBucket: '1-30' });
  expect(await collections.findCollectionCase('L-CURE')).toMatchObject({ stage: 'REMINDERS' });
  await collections.recordRecovery('L-CURE', 'rep-1', 50_000, new Date('2027-06-11T03:00:00Z'));
  await collections.recordRecovery('L-CURE', 'rep-1', 50_000, new Date('2027-06-11T03:05:00Z'));
  expect((await collections.collectionActions('L-CURE')).map((action) => action.kind)).toEqual(['OPENED', 'CURED', 'REOPENED', 'RECOVERY_RECEIVED']);
});

test('a cured case shows no ageing: 0 overdue days and no bucket (as its loan)', async () => {
  const due = '2027-09-01';
  await writeAll(syntheticLoan('L-CURED-CASE', 'borrower-6', due, 2));
  for (let day = 1; day <= 5; day += 1) await sweep.sweepOverdue(sweepTime(addDays(due, day)));
  expect(await collections.findCollectionCase('L-CURED-CASE')).toMatchObject({ stage: 'REMINDERS', overdueDays: 5, overdueBucket: '1-30' });
  await documents.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: 'LOAN#L-CURED-CASE', sk: 'INSTALLMENT#001' },
      UpdateExpression: 'SET #status = :settled, paidPrincipalFen = :p, paidInterestFen = :i REMOVE duePk, dueSk',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':settled': 'SETTLED', ':p': 800_000, ':i': 100_000 },
    }),
  );
  await sweep.sweepOverdue(sweepTime(addDays(due, 6)));
  const cured = await collections.findCollectionCase('L-CURED-CASE');
  expect(cured).toMatchObject({ stage: 'CURED', overdueDays: 0, asOf: addDays(due, 6) });
  expect(cured?.overdueBucket).toBeUndefined();
});

test('the collection SMS greets the borrower by the masked name their verification recorded', async () => {
  const due = '2027-10-01';
  const masked = maskedIdentityClaim({ kind: 'personal', realName: '李四', idNumber: '11010519491231002X', phone: '13812345678', bankCard: '6222021234561236' });
  await writeAll([
    ...syntheticLoan('L-NAME', 'borrower-7', due, 1),
    { pk: 'USER#borrower-7', sk: 'PROFILE', userId: 'borrower-7', username: 'b7', roles: ['borrower'], createdAt: '2026-01-01T00:00:00Z', verification: { status: 'VERIFIED', kind: 'personal', verifiedAt: '2026-01-01T00:00:00Z', masked } },
  ]);
  await sweep.sweepOverdue(sweepTime(addDays(due, 1)));
  await reminders.sendReminders(shanghai(addDays(due, 1), 10));
  const message = (await notifier.readOutbox()).find((sent) => sent.messageId === `reminder:L-NAME:${addDays(due, 1)}`);
  expect(message?.text).toContain('李*您好');
  expect(message?.text).not.toContain('客户');
});

test('a partial repayment starts a new penalty span on the smaller unpaid amount', async () => {
  const due = '2027-08-01';
  await writeAll(syntheticLoan('L-SPAN', 'borrower-4', due, 1));
  for (let day = 1; day <= 10; day += 1) await sweep.sweepOverdue(sweepTime(addDays(due, day)));
  const halfUp = (numerator: bigint, denominator: bigint) => Number((2n * numerator + denominator) / (2n * denominator));
  const first = halfUp(900_000n * 380n * 10n, 10_000n * 365n);
  expect((await itemOf('LOAN#L-SPAN', 'INSTALLMENT#001')).penaltyFen).toBe(first);
  // Servicing records a payment of the penalty and the interest (not the principal).
  await documents.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: 'LOAN#L-SPAN', sk: 'INSTALLMENT#001' },
      UpdateExpression: 'SET paidPenaltyFen = :pen, paidInterestFen = :i, paidPrincipalFen = :zero',
      ExpressionAttributeValues: { ':pen': first, ':i': 100_000, ':zero': 0 },
    }),
  );
  for (let day = 11; day <= 20; day += 1) await sweep.sweepOverdue(sweepTime(addDays(due, day)));
  expect((await itemOf('LOAN#L-SPAN', 'INSTALLMENT#001')).penaltyFen).toBe(first + halfUp(800_000n * 380n * 10n, 10_000n * 365n));
  expect(await itemOf('LOAN#L-SPAN', 'LOAN')).toMatchObject({ overdueDays: 20 });
});

test('a withdrawal of most of a disbursement within the hour raises one alert; three large ones in a day raise one more', async () => {
  await writeAll(syntheticLoan('L-MONITOR', 'borrower-2', '2027-06-01', 1));
  const soon = new Date('2026-12-01T02:30:00.000Z');
  await monitoring.monitorWithdrawal('borrower-2', 'w-1', 5_000_000, soon); // 50,000 of 10,000 received → ≥ 80%, large (1)
  await monitoring.monitorWithdrawal('borrower-2', 'w-1', 5_000_000, soon); // the same withdrawal again: nothing new
  await monitoring.monitorWithdrawal('borrower-2', 'w-2', 5_000_000, new Date('2026-12-01T04:00:00.000Z')); // too late to be rapid; large (2)
  await monitoring.monitorWithdrawal('borrower-2', 'w-3', 6_000_000, new Date('2026-12-01T05:00:00.000Z')); // large (3): alert
  await monitoring.monitorWithdrawal('borrower-2', 'w-4', 6_000_000, new Date('2026-12-01T06:00:00.000Z')); // large (4): no second alert
  const { alerts } = await monitoring.listAlerts(50, undefined);
  const mine = alerts.filter((alert) => alert.userId === 'borrower-2');
  expect(mine.map((alert) => alert.kind).sort()).toEqual(['MANY_LARGE_TRANSFERS', 'RAPID_WITHDRAWAL_AFTER_DISBURSEMENT']);
  expect(mine.find((alert) => alert.kind === 'RAPID_WITHDRAWAL_AFTER_DISBURSEMENT')).toMatchObject({ loanId: 'L-MONITOR', alertId: 'rapid-withdrawal:w-1' });
});

test('sweep scaling: 1k vs 10k installments on the index, the same 20 due → reads ratio ≤ 1.1', async () => {
  const readsWith = async (tableName: string, futureInstallments: number): Promise<number> => {
    await ensureTable(dynamodb.endpoint, tableName);
    process.env.TABLE_NAME = tableName;
    const items: Record<string, unknown>[] = [];
    // 20 loans with one installment that fell due yesterday.
    for (let loan = 0; loan < 20; loan += 1) items.push(...syntheticLoan(`DUE-${loan}`, `b-${loan}`, '2027-03-09', 1));
    // The rest of the book: loans of 10 installments due in the future.
    for (let loan = 0; loan < futureInstallments / 10; loan += 1) items.push(...syntheticLoan(`BOOK-${loan}`, `bb-${loan}`, '2027-04-01', 10));
    await writeAll(items);
    const summary = await sweep.sweepOverdue(sweepTime('2027-03-10'));
    expect(summary).toMatchObject({ loansOverdue: 20, installmentsUpdated: 20 });
    return summary.reads.itemsRead + summary.reads.queries;
  };
  const previous = process.env.TABLE_NAME;
  try {
    const small = await readsWith(`${previous}-1k`, 1_000);
    const large = await readsWith(`${previous}-10k`, 10_000);
    console.log(JSON.stringify({ sweepScaling: { small, large, ratio: large / small } }));
    expect(large / small).toBeLessThanOrEqual(1.1);
  } finally {
    process.env.TABLE_NAME = previous;
    for (const size of ['1k', '10k']) await dropTable(dynamodb.endpoint, `${previous}-${size}`);
  }
});
