/**
 * The platform-figures stream consumer against DynamoDB Local, fed hand-made stream
 * records (each delivered twice, as at-least-once delivery may): a loan lent to a
 * related party, its installments, two bids of one investor and one of another, a paid
 * risk-reserve compensation, a second loan of the same borrower, a debt transfer of part
 * of a holding (one failed purchase, one settled), then settlement. The
 * counters match the story; redeliveries count nothing.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTestTable, type TestTable } from '../support/dynamodb';

let table: TestTable;
type Consumer = typeof import('../../functions/streams/platform-figures-consumer');
type Reader = typeof import('../../functions/adapters/dynamodb/platform-figures-repository');
let consumer: Consumer;
let reader: Reader;
let sequence = 0;
let client: typeof import('../../functions/adapters/dynamodb/client').documents;
const documents = () => client;

beforeAll(async () => {
  table = await startTestTable('figures-test');
  consumer = await import('../../functions/streams/platform-figures-consumer');
  reader = await import('../../functions/adapters/dynamodb/platform-figures-repository');
  client = (await import('../../functions/adapters/dynamodb/client')).documents;
  await documents().send(new PutCommand({ TableName: table.tableName, Item: { pk: 'USER#b1', sk: 'PROFILE', userId: 'b1', relatedParty: true } }));
}, 60_000);
afterAll(async () => {
  await table?.stop();
});

type Item = Record<string, unknown>;

/** Delivers a change twice (the second time as a redelivery of the same record). */
async function change(before: Item | undefined, after: Item | undefined): Promise<void> {
  const item = (after ?? before)!;
  // The table holds what the record says it now holds (the consumer reads the loan item when it must).
  if (after) await documents().send(new PutCommand({ TableName: table.tableName, Item: after }));
  sequence += 1;
  const record = {
    eventID: `event-${sequence}`,
    eventName: before ? (after ? 'MODIFY' : 'REMOVE') : 'INSERT',
    dynamodb: {
      SequenceNumber: String(sequence),
      Keys: marshall({ pk: item.pk, sk: item.sk }),
      ...(after ? { NewImage: marshall(after, { removeUndefinedValues: true }) } : {}),
      ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) } : {}),
    },
  };
  for (let delivery = 0; delivery < 2; delivery += 1) expect(await consumer.handler({ Records: [record as never] })).toEqual({ batchItemFailures: [] });
}

const loan = (loanId: string, status: string, extra: Item = {}): Item => ({
  pk: `LOAN#${loanId}`,
  sk: 'LOAN',
  loanId,
  borrowerId: 'b1',
  amountFen: 100_000,
  grade: 'B',
  termMonths: 2,
  status,
  updatedAt: '2026-03-10T02:00:00.000Z',
  ...extra,
});
const installment = (loanId: string, number: number, extra: Item = {}): Item => ({
  pk: `LOAN#${loanId}`,
  sk: `INSTALLMENT#00${number}`,
  loanId,
  number,
  principalFen: 50_000,
  interestFen: 1_000,
  status: 'DUE',
  ...extra,
});
const bid = (loanId: string, bidId: string, investorId: string, status: string): Item => ({ pk: `LOAN#${loanId}`, sk: `BID#${bidId}`, loanId, bidId, investorId, amountFen: 50_000, status });

test('counters follow lending, repayment, overdue, compensation and settlement, each change counted once', async () => {
  await change(loan('L1', 'FUNDED'), loan('L1', 'FUNDED'));
  await change(bid('L1', 'x1', 'i1', 'FROZEN'), bid('L1', 'x1', 'i1', 'POSTED'));
  await change(bid('L1', 'x2', 'i1', 'FROZEN'), bid('L1', 'x2', 'i1', 'POSTED'));
  await change(bid('L1', 'x3', 'i2', 'FROZEN'), bid('L1', 'x3', 'i2', 'POSTED'));
  await change(loan('L1', 'FUNDED'), loan('L1', 'DISBURSED', { disbursedAt: '2026-03-10T02:00:00.000Z' }));
  await change(undefined, installment('L1', 1));
  await change(undefined, installment('L1', 2));
  await change(loan('L1', 'DISBURSED'), loan('L1', 'REPAYING'));

  let figures = await reader.platformFigures({});
  expect(figures).toMatchObject({
    lent: { amount: '1000.00', count: 1 },
    relatedParty: { amount: '1000.00', count: 1 },
    outstanding: { principal: '1000.00', interest: '20.00', total: '1020.00', count: 1 },
    borrowers: { cumulative: 1, current: 1 },
    investors: { cumulative: 2, current: 2 },
    concentration: { largest: { amount: '1020.00', share: '1.000000' } },
  });
  expect((await reader.platformFigures({ grade: 'A' })).lent.count).toBe(0);
  expect((await reader.platformFigures({ grade: 'B', termMonths: 2 })).lent.count).toBe(1);
  expect((await reader.platformFigures({ from: '2026-03-11', to: '2026-12-31' })).lent.count).toBe(0);
  expect((await reader.platformFigures({ from: '2026-03-01', to: '2026-03-10' })).lent.amount).toBe('1000.00');

  // The first installment is paid; the second goes overdue and the loan ages past 90 days.
  await change(installment('L1', 1), installment('L1', 1, { paidPrincipalFen: 50_000, paidInterestFen: 1_000, status: 'SETTLED' }));
  await change(installment('L1', 2), installment('L1', 2, { status: 'OVERDUE', penaltyFen: 30 }));
  await change(installment('L1', 2, { status: 'OVERDUE', penaltyFen: 30 }), installment('L1', 2, { status: 'OVERDUE', penaltyFen: 60 }));
  await change(loan('L1', 'REPAYING'), loan('L1', 'DEFAULTED', { overdueBucket: '90+' }));
  // A second, smaller loan of the same borrower (term 1), from another investor.
  await change(undefined, loan('L2', 'FUNDED', { termMonths: 1, amountFen: 30_000 }));
  await change(bid('L2', 'y1', 'i3', 'FROZEN'), bid('L2', 'y1', 'i3', 'POSTED'));
  await change(loan('L2', 'FUNDED', { termMonths: 1, amountFen: 30_000 }), loan('L2', 'DISBURSED', { termMonths: 1, amountFen: 30_000, disbursedAt: '2026-04-02T02:00:00.000Z' }));
  await change(undefined, installment('L2', 1, { principalFen: 30_000, interestFen: 300 }));
  figures = await reader.platformFigures({});
  expect(figures).toMatchObject({
    lent: { amount: '1300.00', count: 2 },
    outstanding: { principal: '800.00', interest: '13.00', total: '813.00', count: 2 },
    borrowers: { cumulative: 1, current: 1 },
    investors: { cumulative: 3, current: 3 },
    overdue: { amount: '510.00', count: 1, rateByAmount: '0.627306', rateByCount: '0.500000', over90: { amount: '510.00', count: 1 } },
    concentration: { top10: { amount: '813.00', share: '1.000000' } },
  });
  expect((await reader.platformFigures({ termMonths: 1 })).outstanding).toEqual({ principal: '300.00', interest: '3.00', total: '303.00', count: 1 });
  expect((await reader.platformFigures({ from: '2026-04-01', to: '2026-04-30' })).lent).toEqual({ amount: '300.00', count: 1 });

  // The reserve pays for the defaulted loan; then the loan is written off.
  const decision = { pk: 'RISK_RESERVE', sk: 'DECISION#L1', loanId: 'L1', decidedAt: '2026-07-01T02:00:00.000Z', amountFen: 51_000, claimFen: 51_000, status: 'APPROVED' };
  await change(decision, { ...decision, status: 'PAID', paidFen: 50_500, paidAt: '2026-07-02T02:00:00.000Z' });
  await change(loan('L1', 'DEFAULTED', { overdueBucket: '90+' }), loan('L1', 'WRITTEN_OFF', { overdueBucket: '90+' }));
  figures = await reader.platformFigures({});
  expect(figures).toMatchObject({
    compensated: { amount: '505.00', count: 1 },
    outstanding: { total: '303.00', count: 1 },
    overdue: { amount: '0.00', count: 0, rateByAmount: '0.000000' },
    investors: { cumulative: 3, current: 1 },
    borrowers: { cumulative: 1, current: 1 },
  });
  expect((await reader.platformFigures({ from: '2026-07-02', to: '2026-07-02' })).compensated).toEqual({ amount: '505.00', count: 1 });
  expect((await reader.platformFigures({ termMonths: 1 })).compensated.count).toBe(0);

  // A debt transfer of part of an L2 holding: counted when the bank settled it (not when bought, not when it fails).
  const purchase = (purchaseId: string, status: string, extra: Item = {}): Item => ({ pk: `DEBT_TRANSFER#${purchaseId}`, sk: 'PURCHASE', purchaseId, loanId: 'L2', priceFen: 9_850, partFen: 10_000, status, createdAt: '2026-07-03T02:00:00.000Z', ...extra });
  await change(undefined, purchase('tpu-1', 'PENDING'));
  await change(purchase('tpu-1', 'PENDING'), purchase('tpu-1', 'FAILED'));
  await change(undefined, purchase('tpu-2', 'PENDING'));
  await change(purchase('tpu-2', 'PENDING'), purchase('tpu-2', 'SETTLED', { settledAt: '2026-07-03T17:00:00.000Z' }));
  expect((await reader.platformFigures({})).transfers).toEqual({ amount: '98.50', count: 1 });
  expect((await reader.platformFigures({ from: '2026-07-04', to: '2026-07-04', termMonths: 1 })).transfers).toEqual({ amount: '98.50', count: 1 });
  expect((await reader.platformFigures({ from: '2026-07-03', to: '2026-07-03' })).transfers.count).toBe(0);
  expect((await reader.platformFigures({ termMonths: 2 })).transfers.count).toBe(0);

  // The second loan is repaid and settles: nothing outstanding, nobody current.
  await change(installment('L2', 1, { principalFen: 30_000, interestFen: 300 }), installment('L2', 1, { principalFen: 30_000, interestFen: 300, paidPrincipalFen: 30_000, paidInterestFen: 300, status: 'SETTLED' }));
  await change(loan('L2', 'REPAYING', { termMonths: 1, amountFen: 30_000 }), loan('L2', 'SETTLED', { termMonths: 1, amountFen: 30_000 }));
  figures = await reader.platformFigures({});
  expect(figures).toMatchObject({
    lent: { amount: '1300.00', count: 2 },
    outstanding: { total: '0.00', count: 0 },
    borrowers: { cumulative: 1, current: 0 },
    investors: { cumulative: 3, current: 0 },
    concentration: { top10: { amount: '0.00', share: '0.000000' } },
  });
}, 120_000);

test('month-end stocks: each change counts in the month it is dated in; the top 10 is snapshotted when a later month begins', async () => {
  // A cell of its own (grade E, 9 months): two loans lent in March, a repayment in April, a
  // change dated 31 March delivered after it, a repayment in May. Every record delivered twice.
  const cell = { grade: 'E', termMonths: 9 };
  const eLoan = (loanId: string, borrowerId: string, amountFen: number, status: string, changedAt: string) => loan(loanId, status, { borrowerId, amountFen, grade: 'E', termMonths: 9, changedAt });
  const part = (loanId: string, number: number, principalFen: number, interestFen: number, changedAt: string, extra: Item = {}) => installment(loanId, number, { principalFen, interestFen, changedAt, ...extra });
  await change(eLoan('L3', 'b3', 100_000, 'FUNDED', '2026-03-01T02:00:00.000Z'), eLoan('L3', 'b3', 100_000, 'DISBURSED', '2026-03-05T02:00:00.000Z'));
  await change(undefined, part('L3', 1, 50_000, 1_000, '2026-03-05T02:00:01.000Z'));
  await change(undefined, part('L3', 2, 50_000, 1_000, '2026-03-05T02:00:01.000Z'));
  await change(eLoan('L4', 'b4', 60_000, 'FUNDED', '2026-03-01T02:00:00.000Z'), eLoan('L4', 'b4', 60_000, 'DISBURSED', '2026-03-06T02:00:00.000Z'));
  await change(undefined, part('L4', 1, 30_000, 500, '2026-03-06T02:00:01.000Z'));
  await change(undefined, part('L4', 2, 30_000, 500, '2026-03-06T02:00:01.000Z'));
  const march = { outstanding: { principal: '1600.00', interest: '30.00', total: '1630.00', count: 2 }, borrowers: { cumulative: 2, current: 2 }, concentration: { top10: { amount: '1630.00', share: '1.000000' }, largest: { amount: '1020.00', share: '0.625767' } } };
  expect(await reader.monthEndFigures(cell, '2026-03')).toMatchObject({ ...march, overdue: { amount: '0.00', count: 0 } });

  // 5 April: L3's first installment is paid (its ranking changes: the March top 10 is snapshotted first).
  await change(part('L3', 1, 50_000, 1_000, '2026-03-05T02:00:01.000Z'), part('L3', 1, 50_000, 1_000, '2026-04-05T02:00:00.000Z', { paidPrincipalFen: 50_000, paidInterestFen: 1_000, status: 'SETTLED' }));
  // Then a change dated 31 March, 23:00 in Shanghai, arrives late: L4's first installment overdue (no amount moves).
  await change(part('L4', 1, 30_000, 500, '2026-03-06T02:00:01.000Z'), part('L4', 1, 30_000, 500, '2026-03-31T15:00:00.000Z', { status: 'OVERDUE' }));
  const marchEnd = await reader.monthEndFigures(cell, '2026-03');
  expect(marchEnd).toMatchObject({ ...march, overdue: { amount: '610.00', count: 1, rateByCount: '0.500000' } });
  expect(marchEnd.asOf).toBe('2026-03-31T15:59:59.999Z');
  const april = { outstanding: { principal: '1100.00', interest: '20.00', total: '1120.00', count: 2 }, overdue: { amount: '610.00', count: 1 }, concentration: { largest: { amount: '610.00', share: '0.544643' } } };
  expect(await reader.monthEndFigures(cell, '2026-04')).toMatchObject(april);
  expect(await reader.platformFigures(cell)).toMatchObject(april);
  expect(await reader.monthEndFigures(cell, '2026-02')).toMatchObject({ outstanding: { total: '0.00', count: 0 }, borrowers: { cumulative: 0, current: 0 }, concentration: { largest: { amount: '0.00' } } });

  // 2 May: L4's first installment is paid: April's ranking is snapshotted; March and April stay as they were.
  await change(part('L4', 1, 30_000, 500, '2026-03-31T15:00:00.000Z', { status: 'OVERDUE' }), part('L4', 1, 30_000, 500, '2026-05-02T02:00:00.000Z', { paidPrincipalFen: 30_000, paidInterestFen: 500, status: 'SETTLED' }));
  expect(await reader.monthEndFigures(cell, '2026-04')).toMatchObject(april);
  expect(await reader.monthEndFigures(cell, '2026-03')).toMatchObject(march);
  expect(await reader.monthEndFigures(cell, '2026-05')).toMatchObject({ outstanding: { total: '815.00', count: 2 }, overdue: { amount: '0.00', count: 0 }, concentration: { largest: { amount: '510.00' } } });
  // A month-end read is bounded by the months, not the loans: stock moves (≤ 3), the ranking, the STOCK item, one snapshot.
  const cost = { requests: 0, items: 0 };
  await reader.readMonthEndFigures(cell, '2026-04', cost);
  expect(cost.items).toBeLessThanOrEqual(3 + 10 + 1 + 1 + 1);
}, 120_000);
