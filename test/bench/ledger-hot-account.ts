/**
 * npm run bench -- ledger-hot-account — hot-account throughput of the ledger on DynamoDB Local: conditional
 * freezes (one TransactWriteItems each) on one custody account, as a ratio of raw
 * conditional UpdateItem/s on one item in the same DynamoDB Local, same run (these
 * machines are shared and noisy, so only the ratio is stable).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { accounts } from '../../functions/core/ledger';
import { startTestTable } from '../support/dynamodb';
import { atLeast, emit, result } from './measure';

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const operations = Number(process.env.BENCH_OPERATIONS ?? 600);

async function timed(label: string, work: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < operations) {
        const index = next++;
        await work(index).catch(() => (failures += 1));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = (operations - failures) / seconds;
  console.log(`${label}: ${operations - failures} ok, ${failures} failed in ${seconds.toFixed(2)} s → ${rate.toFixed(0)}/s`);
  return rate;
}

const dynamodb = await startTestTable('bench');
try {
  const { documents } = await import('../../functions/adapters/dynamodb/client');
  const { recordEntry } = await import('../../functions/adapters/dynamodb/ledger-repository');
  const at = new Date();
  await recordEntry({ id: 'bench-deposit', kind: 'deposit', transfers: [{ kind: 'posted', id: 'bench-deposit.1', debit: accounts.custodianBank, credit: accounts.custody('hot'), amountFen: 10_000_000_000 }] }, at);
  // Warm DynamoDB Local's JVM up first: a cold start would flatter whichever runs second.
  await timed('warm-up raw', (index) => documents.send(new UpdateCommand({ TableName: 'bench', Key: { pk: 'RAW#warm', sk: 'RAW' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': index + 1 } })));
  await timed('warm-up ledger', (index) =>
    recordEntry({ id: `bench-warm-${index}`, kind: 'bid-freeze', transfers: [{ kind: 'pending', id: `bench-warm-${index}`, debit: accounts.custody('hot'), credit: accounts.subscription('bench-loan'), amountFen: 100 }] }, at),
  );
  const raw = await timed('raw conditional UpdateItem on one item', (index) =>
    documents.send(
      new UpdateCommand({
        TableName: 'bench',
        Key: { pk: 'RAW#hot', sk: 'RAW' },
        UpdateExpression: 'ADD available :minus SET lastOperation = :index',
        ConditionExpression: 'attribute_not_exists(available) OR available >= :zero',
        ExpressionAttributeValues: { ':minus': -1, ':index': index, ':zero': -1_000_000 },
      }),
    ),
  );
  const ledger = await timed('ledger freeze on one custody account', (index) =>
    recordEntry({ id: `bench-freeze-${index}`, kind: 'bid-freeze', transfers: [{ kind: 'pending', id: `bench-freeze-${index}`, debit: accounts.custody('hot'), credit: accounts.subscription('bench-loan'), amountFen: 100 }] }, at),
  );
  console.log(`hot-account ratio (ledger ÷ raw): ${(ledger / raw).toFixed(2)} (concurrency ${concurrency}, ${operations} operations each)`);
  emit([result('ledger hot-account throughput', `freezes ${ledger.toFixed(0)}/s ÷ raw UpdateItem ${raw.toFixed(0)}/s; c=${concurrency}, n=${operations}`, ledger / raw, atLeast(0.5))]);
  documents.destroy();
} finally {
  await dynamodb.stop();
}
