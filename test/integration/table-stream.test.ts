/**
 * The twin's table stream (lib/local/table-stream.ts) against DynamoDB Local: every
 * change reaches a consumer in stream order, in batches of its size, as Lambda's
 * event; a record reported as failed is delivered again from there (those before it
 * are not); a record that keeps failing is parked as a dead letter and the rest flows on;
 * a quiet stream is polled again at once when nudged.
 */
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localClient } from '../../lib/local/dynamodb-local';
import { LocalFunctions } from '../../lib/local/functions';
import { LocalTableStream } from '../../lib/local/table-stream';
import { startTestTable, type TestTable } from '../support/dynamodb';
import { eventually, projectRoot } from '../support/twin-process';

const fixture = () => (globalThis as { streamFixture?: { seen: Array<{ pk: string; eventName: string; sequence: string }>; deliveries: Map<string, number> } }).streamFixture!;
let table: TestTable;
let documents: DynamoDBDocumentClient;
let stream: LocalTableStream;

/** The table's stream, delivered to the fixture consumer (test/fixtures/stream-consumer.ts). */
const fixtureStream = (options: { batchSize: number; pollMs: number; maxAttempts: number }) =>
  new LocalTableStream({
    endpoint: table.endpoint,
    tableName: table.tableName,
    region: 'local',
    consumers: [{ name: 'fixture', description: 'records what it sees', handler: 'test/fixtures/stream-consumer.ts', batchSize: options.batchSize }],
    functions: new LocalFunctions(projectRoot),
    pollMs: options.pollMs,
    maxAttempts: options.maxAttempts,
  });

beforeAll(async () => {
  table = await startTestTable('stream-test');
  documents = DynamoDBDocumentClient.from(localClient(table.endpoint));
  stream = fixtureStream({ batchSize: 7, pollMs: 20, maxAttempts: 3 });
  await stream.start();
}, 60_000);
afterAll(async () => {
  await stream?.stop();
  documents?.destroy();
  await table?.stop();
});

test('every change reaches the consumer once, in order, with its event name', async () => {
  for (let index = 0; index < 30; index += 1) await documents.send(new PutCommand({ TableName: table.tableName, Item: { pk: `item-${String(index).padStart(2, '0')}`, sk: 'A', n: index } }));
  await documents.send(new UpdateCommand({ TableName: table.tableName, Key: { pk: 'item-00', sk: 'A' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 100 } }));
  await documents.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: 'item-01', sk: 'A' } }));
  await stream.idle();
  const seen = fixture().seen;
  expect(seen.map((record) => `${record.eventName}:${record.pk}`)).toEqual([
    ...Array.from({ length: 30 }, (_, index) => `INSERT:item-${String(index).padStart(2, '0')}`),
    'MODIFY:item-00',
    'REMOVE:item-01',
  ]);
  const sequences = seen.map((record) => BigInt(record.sequence));
  expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
}, 30_000);

test('a record reported as failed is delivered again from there; one that keeps failing is parked and the rest flows on', async () => {
  fixture().seen.length = 0;
  await documents.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'before', sk: 'A' } }));
  await documents.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'flaky', sk: 'A', failures: 2 } }));
  await documents.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'poison', sk: 'A', throws: true } }));
  await documents.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'after', sk: 'A' } }));
  await stream.idle();
  // At least once: 'flaky' may be seen again when the batch it shares with 'poison' is split.
  expect([...new Set(fixture().seen.map((record) => record.pk))]).toEqual(['before', 'flaky', 'after']);
  expect(fixture().deliveries.get('before')).toBe(1);
  expect(fixture().seen.filter((record) => record.pk === 'after')).toHaveLength(1);
  expect(fixture().deliveries.get('flaky')).toBeGreaterThanOrEqual(3);
  expect(stream.deadLetters).toEqual([{ consumer: 'fixture', sequenceNumber: expect.any(String), error: 'cannot process poison' }]);
}, 30_000);

test('on a quiet stream the poller pauses; nudge() (the twin calls it after every function it runs) polls at once', async () => {
  await stream.stop();
  // Every pause an hour long: only a nudge can bring the next poll within this test's time.
  // (The earlier tests' poison record comes again from the stream's start: parked at once.)
  const quiet = fixtureStream({ batchSize: 100, pollMs: 3_600_000, maxAttempts: 1 });
  await quiet.start();
  try {
    // Caught up (the earlier tests' records again, from the stream's start): now pausing.
    await quiet.idle();
    fixture().seen.length = 0;
    await documents.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'nudged', sk: 'A' } }));
    quiet.nudge();
    await eventually(async () => (fixture().seen.some((record) => record.pk === 'nudged') ? true : undefined), 'the nudged poll to deliver the write', 20_000);
    expect(fixture().seen.map((record) => record.pk)).toEqual(['nudged']);
  } finally {
    await quiet.stop();
  }
}, 60_000);
