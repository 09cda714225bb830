/**
 * Figure: hot-listing bid throughput (docs/testing.md, goal ≥ 0.5).
 * Concurrent bids on ONE listing through the real bid transaction (listing-repository
 * placeBid: the ledger freeze custody(investor) → subscription(loan), the bid item, the
 * listing's funded amount and the investor's placed total in one TransactWriteItems, with its read of the entry and
 * its retries) ÷ raw conditional UpdateItem/s on one item, same DynamoDB Local, same
 * concurrency, same run, in alternating rounds (raw, a bare transaction of the bid's shape
 * for context, bids) so that drift falls on all of them.
 * Afterwards the listing's funded amount must equal the sum of the bids that succeeded.
 *
 *   npm run bench -- hot-listing        (BENCH_CONCURRENCY, BENCH_OPERATIONS, BENCH_INVESTORS tune it)
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { accounts } from '../../functions/core/ledger';
import { startTestTable } from '../support/dynamodb';
import { atLeast, emit, result, setting, throughput } from './measure';

const concurrency = setting('BENCH_CONCURRENCY', 16);
const operations = setting('BENCH_OPERATIONS', 600);
const investorCount = setting('BENCH_INVESTORS', 64);
const rounds = 3;
const perRound = Math.ceil(operations / rounds);
const tableName = 'bench-hot-listing';
const loanId = 'bench-hot-listing';
const bidFen = 10_000;

const dynamodb = await startTestTable(tableName);
try {
  // Adapters build their clients at module scope: import them once the table is up.
  const { documents } = await import('../../functions/adapters/dynamodb/client');
  const { recordEntry } = await import('../../functions/adapters/dynamodb/ledger-repository');
  const { bidTotals, placeBid } = await import('../../functions/adapters/dynamodb/listing-repository');
  const at = new Date();
  const listingFen = 100 * operations * bidFen; // never fills
  await documents.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: `LOAN#${loanId}`, sk: 'LOAN', loanId, borrowerId: 'bench-borrower', amountFen: listingFen, termMonths: 12, status: 'LISTED', grade: 'B', fundedFen: 0, bidCount: 0, createdAt: at.toISOString(), updatedAt: at.toISOString() },
    }),
  );
  const investors = Array.from({ length: investorCount }, (_, index) => `bench-investor-${index}`);
  for (const investorId of investors) {
    await recordEntry(
      { id: `bench-deposit-${investorId}`, kind: 'deposit', transfers: [{ kind: 'posted', id: `bench-deposit-${investorId}.1`, debit: accounts.custodianBank, credit: accounts.custody(investorId), amountFen: operations * bidFen }] },
      at,
    );
    await documents.send(new PutCommand({ TableName: tableName, Item: { pk: `USER#${investorId}`, sk: 'PROFILE', userId: investorId, riskAssessment: { level: 'C5', assessedAt: at.toISOString() } } }));
    await bidTotals(investorId);
  }
  const unlimited = { placedCeilingFen: Number.MAX_SAFE_INTEGER, assessedAt: at.toISOString(), level: 'C5', limitFen: Number.MAX_SAFE_INTEGER };

  const raw = (label: string, offset: number) =>
    throughput(label, { concurrency, operations: perRound }, (index) =>
      documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: 'RAW#hot', sk: 'RAW' },
          UpdateExpression: 'ADD fundedFen :amount SET lastOperation = :index',
          ConditionExpression: 'attribute_not_exists(fundedFen) OR fundedFen <= :maxBefore',
          ExpressionAttributeValues: { ':amount': bidFen, ':index': offset + index, ':maxBefore': listingFen * 1_000 },
        }),
      ),
    );
  const bid = (prefix: string) => (index: number) =>
    placeBid(
      { bidId: `${prefix}-${index}`, loanId, investorId: investors[index % investors.length]!, amountFen: bidFen, createdAt: new Date().toISOString(), source: 'manual' },
      listingFen,
      new Date(),
      unlimited,
    );

  // Warm up both paths (connections, JIT) outside the timed runs.
  await throughput('warm-up raw', { concurrency, operations: 300 }, (index) =>
    documents.send(new UpdateCommand({ TableName: tableName, Key: { pk: 'RAW#warm', sk: 'RAW' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': index + 1 } })),
  );
  const warm = await throughput('warm-up bids', { concurrency, operations: 300 }, bid('warm'));

  // Count what the bids send (attempts, transaction conflicts) through the SDK's middleware stack.
  const sent = new Map<string, { calls: number; failed: number }>();
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      const counter = sent.get(name) ?? { calls: 0, failed: 0 };
      sent.set(name, counter);
      counter.calls += 1;
      try {
        return await next(args);
      } catch (error) {
        counter.failed += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchCounter' },
  );
  // For context only: a bare TransactWriteItems of the bid's shape (entry, two balances, pending
  // transfer, listing, bid; the listing item shared), without the platform's code around it.
  const bare = (round: number) =>
    throughput(`  round ${round + 1}: bare TransactWriteItems of the same 6 items (context)`, { concurrency, operations: perRound }, (offset) => {
      const index = round * perRound + offset;
      const put = (pk: string) => ({ Put: { TableName: tableName, Item: { pk, sk: 'BARE', index }, ConditionExpression: 'attribute_not_exists(pk)' } });
      const add = (pk: string) => ({ Update: { TableName: tableName, Key: { pk, sk: 'BARE' }, UpdateExpression: 'ADD amountFen :amount', ExpressionAttributeValues: { ':amount': bidFen } } });
      return documents.send(
        new TransactWriteCommand({
          TransactItems: [
            put(`BARE-ENTRY#${index}`),
            add(`BARE-ACCOUNT#${index % investorCount}`),
            add('BARE-ACCOUNT#subscription'),
            put(`BARE-PENDING#${index}`),
            {
              Update: {
                TableName: tableName,
                Key: { pk: 'BARE-LISTING', sk: 'BARE' },
                UpdateExpression: 'ADD fundedFen :amount',
                ConditionExpression: 'attribute_not_exists(fundedFen) OR fundedFen <= :maxBefore',
                ExpressionAttributeValues: { ':amount': bidFen, ':maxBefore': listingFen * 1_000 },
              },
            },
            put(`BARE-BID#${index}`),
          ],
        }),
      );
    });
  // Rounds of raw, bare and bids, one after the other, so that drift (DynamoDB Local's JIT
  // warming up, the neighbours' load) falls on all three; each rate is over all its rounds.
  const totals = { raw: { ok: 0, seconds: 0 }, bare: { ok: 0, seconds: 0 }, bids: { ok: 0, seconds: 0, failed: 0 } };
  for (let round = 0; round < rounds; round += 1) {
    const rawRound = await raw(`  round ${round + 1}: raw conditional UpdateItem on one item`, round * perRound);
    const bareRound = await bare(round);
    sent.clear();
    const bidRound = await throughput(`  round ${round + 1}: bids on one listing (placeBid: freeze + bid + funded amount, one TransactWriteItems)`, { concurrency, operations: perRound }, bid(`bid-r${round}`));
    console.log(`    requests during these bids: ${[...sent].map(([name, counter]) => `${name} ${counter.calls} (${counter.failed} failed)`).join(', ')}`);
    totals.raw.ok += rawRound.ok;
    totals.raw.seconds += rawRound.seconds;
    totals.bare.ok += bareRound.ok;
    totals.bare.seconds += bareRound.seconds;
    totals.bids.ok += bidRound.ok;
    totals.bids.seconds += bidRound.seconds;
    totals.bids.failed += bidRound.failed;
  }
  const rawPerSecond = totals.raw.ok / totals.raw.seconds;
  const barePerSecond = totals.bare.ok / totals.bare.seconds;
  const bids = { ok: totals.bids.ok, failed: totals.bids.failed, perSecond: totals.bids.ok / totals.bids.seconds };
  console.log(`over ${rounds} rounds: raw ${rawPerSecond.toFixed(0)}/s, bare 6-item transaction ${barePerSecond.toFixed(0)}/s, bids ${bids.perSecond.toFixed(0)}/s`);

  // The bids that succeeded are exactly what the listing counts.
  const { Item: listing } = await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, ConsistentRead: true }));
  const expectedFen = (warm.ok + bids.ok) * bidFen;
  if (listing?.fundedFen !== expectedFen) throw new Error(`the listing counts ${String(listing?.fundedFen)} fen funded, the successful bids ${expectedFen}`);
  if (bids.failed > 0) console.log(`note: ${bids.failed} bids failed (they count against the throughput)`);

  const ratio = bids.perSecond / rawPerSecond;
  console.log(`hot-listing ratio (bids ÷ raw): ${ratio.toFixed(2)} (concurrency ${concurrency}, ${operations} operations each, ${investorCount} investors)`);
  emit([
    result(
      'hot-listing bid throughput',
      `bids ${bids.perSecond.toFixed(0)}/s (${bids.failed} failed) ÷ raw UpdateItem ${rawPerSecond.toFixed(0)}/s; a bare 6-item TransactWriteItems ${barePerSecond.toFixed(0)}/s; c=${concurrency}, n=${rounds}×${perRound}`,
      ratio,
      atLeast(0.5),
    ),
  ]);
  documents.destroy();
} finally {
  await dynamodb.stop();
}
