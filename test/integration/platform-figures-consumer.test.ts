/**
 * The platform-figures stream consumer against DynamoDB Local, fed hand-made stream
 * records (each delivered twice, as at-least-once delivery may): a loan lent to a
 * related party, its installments, two bids of one investor and one of another, a paid
 * risk-reserve compensation, a second loan of the same borrower, then settlement. The
 * counters match the story; redeliveries count nothing.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDbLocal } from '../../lib/local/dynamodb-local';
import { startTestTable } from '../support/dynamodb';

let table: DynamoDbLocal;
type Consumer = typeof import('../../functions/streams/platform-figures');
type Reader = typeof import('../../functions/adapters/platform-figures');
let consumer: Consumer;
let reader: Reader;
let sequence = 0;
let client: typeof import('../../functions/adapters/dynamodb').documents;
const documents = () => client;

beforeAll(async () => {
  table = await startTestTable('figures-test');
  consumer = await import('../../functions/streams/platform-figures');
  reader = await import('../../functions/adapters/platform-figures');
  client = (await import('../../functions/adapters/dynamodb')).documents;
  await documents().send(new PutCommand({ TableName: 'figures-test', Item: { pk: 'USER#b1', sk: 'PROFILE', userId: 'b1', relatedParty: true } }));
}, 60_000);
afterAll(async () => {
  await table?.stop();
});

type Item = Record<string, unknown>;

/** Delivers a change twice (the second time as a redelivery of the same record). */
async function change(before: Item | undefined, after: Item | undefined): Promise<void> {
  const item = (after ?? before)!;
  // The table holds what the record says it now holds (the consumer reads the loan item when it must).
  if (after) await documents().send(new PutCommand({ TableName: 'figures-test', Item: after }));
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
