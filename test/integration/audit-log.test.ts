/**
 * The audit log's stream consumer against DynamoDB Local, invoked directly with stream
 * events as Lambda receives them: audited items become chained events, everything else
 * is skipped, a redelivered record appends nothing, and concurrent consumers (as on
 * AWS, one per shard) never fork the chain: one line of sequences, every link valid.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { verifyChain, type AuditEvent } from '../../functions/core/audit-chain';
import { startTestTable, type TestTable } from '../support/dynamodb';

let dynamodb: TestTable;
let consumer: typeof import('../../functions/streams/audit-trail');
let log: typeof import('../../functions/adapters/dynamodb/audit-log-repository');
let documents: (typeof import('../../functions/adapters/dynamodb/client'))['documents'];

beforeAll(async () => {
  dynamodb = await startTestTable('audit-log-test');
  consumer = await import('../../functions/streams/audit-trail');
  log = await import('../../functions/adapters/dynamodb/audit-log-repository');
  ({ documents } = await import('../../functions/adapters/dynamodb/client'));
}, 60_000);
afterAll(async () => {
  documents?.destroy();
  await dynamodb?.stop();
});

let counter = 0;
function record(pk: string, sk: string, newImage: Record<string, unknown>, oldImage?: Record<string, unknown>): DynamoDBRecord {
  counter += 1;
  const image = (values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries({ pk, sk, ...values }).map(([name, value]) => [name, typeof value === 'number' ? { N: String(value) } : Array.isArray(value) ? { SS: value.map(String) } : { S: String(value) }]));
  return {
    eventID: `stream-event-${counter}`,
    eventName: oldImage ? 'MODIFY' : 'INSERT',
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      NewImage: image(newImage) as never,
      ...(oldImage ? { OldImage: image(oldImage) as never } : {}),
      SequenceNumber: String(1000 + counter),
      ApproximateCreationDateTime: 1_764_000_000,
    },
  };
}
const event = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

async function wholeChain(): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for await (const page of log.auditEventsAfter(undefined)) events.push(...page);
  return events;
}

test('audited changes become chained events, others are skipped, a redelivered record appends nothing', async () => {
  const records = [
    record('ENTRY#deposit-1', 'ENTRY', { kind: 'deposit', entryId: 'deposit-1', amountFen: 100_000 }),
    record('IDEMPOTENCY#u1#POST#k', 'REQUEST', { state: 'DONE' }),
    record('LOAN#l1', 'LOAN', { loanId: 'l1', status: 'FUNDED', fundedFen: 100_000, updatedBy: 'reviewer-1', requestId: 'req-1' }, { loanId: 'l1', status: 'LISTED', fundedFen: 0 }),
    record('ACCOUNT#custody:u1', 'BALANCE', { postedFen: 1 }),
    record('AUDIT#HEAD', 'HEAD', { sequence: 9 }),
  ];
  expect(await consumer.handler(event(records))).toEqual({ batchItemFailures: [] });
  // Delivered again (at least once), with one more record after them.
  const more = record('CUSTODY_TX#t1', 'TRANSACTION', { transactionId: 't1', status: 'CONFIRMED', amountFen: 100_000, userId: 'u1' });
  expect(await consumer.handler(event([...records, more]))).toEqual({ batchItemFailures: [] });

  const chain = await wholeChain();
  expect(chain.map((entry) => [entry.sequence, entry.kind, entry.entity.pk])).toEqual([
    [1, 'ledger.entry', 'ENTRY#deposit-1'],
    [2, 'loan', 'LOAN#l1'],
    [3, 'custody.transaction', 'CUSTODY_TX#t1'],
  ]);
  expect(chain[1]).toMatchObject({
    change: 'MODIFY',
    who: 'reviewer-1',
    requestId: 'req-1',
    before: { fields: { status: 'LISTED', fundedFen: 0, loanId: 'l1' } },
    after: { fields: { status: 'FUNDED', fundedFen: 100_000, loanId: 'l1' } },
    changedAt: new Date(1_764_000_000_000).toISOString(),
  });
  expect(verifyChain(chain, { head: (await log.readHead())!, complete: true })).toMatchObject({ valid: true, checked: 3 });
}, 60_000);

test('concurrent consumers append one unforked chain, each record once', async () => {
  const before = (await log.readHead())?.sequence ?? 0;
  const batches = Array.from({ length: 6 }, (_, shard) =>
    Array.from({ length: 40 }, (_, index) => record(`LOAN#shard-${shard}`, `BID#${index}`, { bidId: `b-${shard}-${index}`, investorId: `u-${index}`, amountFen: 10_000 })),
  );
  // Each batch delivered twice, all at once.
  const results = await Promise.all([...batches, ...batches].map((records) => consumer.handler(event(records))));
  // A consumer that lost every race reports its batch for redelivery; deliver those again.
  for (const [index, result] of results.entries()) if (result.batchItemFailures.length > 0) await consumer.handler(event([...batches, ...batches][index]!));

  const chain = await wholeChain();
  expect(chain).toHaveLength(before + 240);
  expect(new Set(chain.map((entry) => entry.streamEventId)).size).toBe(chain.length);
  expect(verifyChain(chain, { head: (await log.readHead())!, complete: true })).toMatchObject({ valid: true, checked: before + 240 });
  // Within a shard, the stream's order is kept.
  const shard0 = chain.filter((entry) => entry.entity.pk === 'LOAN#shard-0').map((entry) => entry.entity.sk);
  expect(shard0).toEqual(Array.from({ length: 40 }, (_, index) => `BID#${index}`));
}, 120_000);
