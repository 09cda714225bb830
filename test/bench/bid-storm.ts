/**
 * Figure: bid storm (docs/testing.md, goal ≥ 1.0).
 * BENCH_STORM_BIDS (2,000) manual bids from BENCH_STORM_INVESTORS (400) investors at
 * BENCH_CONCURRENCY (32), through the bid use case as the route calls it
 * (application/bidding.ts placeManualBid with the real DynamoDB adapters), on one listing
 * that fills after BENCH_STORM_FILL (150) bids. Bids answered per second (placed or refused)
 * ÷ raw conditional UpdateItem/s on one item at the same concurrency, same DynamoDB Local,
 * measured before and after the storm. Beside it: the accepted bids' own rate (until the
 * listing filled) and the items of the bid transaction, each with what it is for.
 * Afterwards the listing's funded amount must equal the bids placed, and be full.
 *
 *   npm run bench -- bid-storm
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { accounts } from '../../functions/core/ledger';
import { startTestTable } from '../support/dynamodb';
import { atLeast, elapsedMs, emit, result, setting, throughput } from './measure';

const concurrency = setting('BENCH_CONCURRENCY', 32);
const bids = setting('BENCH_STORM_BIDS', 2_000);
const investorCount = setting('BENCH_STORM_INVESTORS', 400);
const fillsAfter = setting('BENCH_STORM_FILL', 150);
const tableName = 'bench-bid-storm';
const loanId = 'bench-bid-storm';
const bidFen = 10_000;

const dynamodb = await startTestTable(tableName);
try {
  // Adapters build their clients at module scope: import them once the table is up.
  const { documents } = await import('../../functions/adapters/dynamodb/client');
  const { recordEntry } = await import('../../functions/adapters/dynamodb/ledger-repository');
  const { placeManualBid } = await import('../../functions/application/bidding');
  const { bidding } = await import('../../functions/composition/money');
  const at = new Date();
  await documents.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: `LOAN#${loanId}`,
        sk: 'LOAN',
        loanId,
        borrowerId: 'bench-borrower',
        amountFen: fillsAfter * bidFen,
        termMonths: 12,
        // The terms a bid's consent records (contract-consent.ts refuses a loan without them).
        annualRate: '0.1',
        method: 'EQUAL_INSTALLMENT',
        status: 'LISTED',
        grade: 'B',
        fundedFen: 0,
        bidCount: 0,
        listedAt: at.toISOString(),
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      },
    }),
  );
  const investors = Array.from({ length: investorCount }, (_, index) => `bench-storm-${index}`);
  await throughput('setting up investors (deposit, assessment)', { concurrency: 8, operations: investors.length }, async (index) => {
    const investorId = investors[index]!;
    await recordEntry(
      { id: `bench-deposit-${investorId}`, kind: 'deposit', transfers: [{ kind: 'posted', id: `bench-deposit-${investorId}.1`, debit: accounts.custodianBank, credit: accounts.custody(investorId), amountFen: 100 * bidFen }] },
      at,
    );
    await documents.send(new PutCommand({ TableName: tableName, Item: { pk: `USER#${investorId}`, sk: 'PROFILE', userId: investorId, riskAssessment: { level: 'C5', assessedAt: at.toISOString(), expiresAt: new Date(at.getTime() + 365 * 86_400_000).toISOString() } } }));
  });

  const raw = (label: string) =>
    throughput(label, { concurrency, operations: bids }, (index) =>
      documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: 'RAW#storm', sk: 'RAW' },
          UpdateExpression: 'ADD fundedFen :amount SET lastOperation = :index',
          ConditionExpression: 'attribute_not_exists(fundedFen) OR fundedFen <= :maxBefore',
          ExpressionAttributeValues: { ':amount': bidFen, ':index': index, ':maxBefore': Number.MAX_SAFE_INTEGER },
        }),
      ),
    );
  await throughput('warm-up raw', { concurrency, operations: 300 }, (index) =>
    documents.send(new UpdateCommand({ TableName: tableName, Key: { pk: 'RAW#warm', sk: 'RAW' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': index + 1 } })),
  );
  const rawBefore = await raw('raw conditional UpdateItem on one item (before)');

  // What the storm sends: requests by command, and the items of each transaction.
  const sent = new Map<string, number>();
  const transactionSizes = new Map<number, number>();
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      sent.set(name, (sent.get(name) ?? 0) + 1);
      const items = (args.input as { TransactItems?: unknown[] }).TransactItems;
      if (items) transactionSizes.set(items.length, (transactionSizes.get(items.length) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchCounter' },
  );
  const started = process.hrtime.bigint();
  let filledAtMs = 0;
  let placed = 0;
  const storm = await throughput(`storm: ${bids} bids from ${investorCount} investors on a listing that fills after ${fillsAfter}`, { concurrency, operations: bids }, async (index) => {
    try {
      await placeManualBid(bidding, investors[index % investorCount]!, loanId, `storm-${index}`, bidFen, new Date(), { requestId: `storm-${index}` });
      placed += 1;
      if (placed === fillsAfter) filledAtMs = elapsedMs(started);
    } catch (error) {
      // A refusal is an answer: only an unexpected failure counts against the storm.
      if ((error as Error).name !== 'ListingUnavailableError') throw error;
    }
  });
  const stormCounts = Object.fromEntries(sent);
  documents.middlewareStack.remove('benchCounter');
  const rawAfter = await raw('raw conditional UpdateItem on one item (after)');

  const { Item: listing } = await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, ConsistentRead: true }));
  if (listing?.fundedFen !== placed * bidFen || placed !== fillsAfter) throw new Error(`the listing counts ${String(listing?.fundedFen)} fen funded; ${placed} bids were placed of ${fillsAfter} that fill it`);

  const rawPerSecond = (rawBefore.ok + rawAfter.ok) / (rawBefore.seconds + rawAfter.seconds);
  const answeredPerSecond = storm.ok / storm.seconds;
  const acceptedPerSecond = filledAtMs > 0 ? placed / (filledAtMs / 1000) : 0;
  const ratio = answeredPerSecond / rawPerSecond;
  console.log(`requests during the storm: ${JSON.stringify(stormCounts)}`);
  console.log(`transactions by item count: ${JSON.stringify(Object.fromEntries(transactionSizes))}`);
  console.log(
    'a bid transaction holds: the journal entry (new, once), the investor custody account (available ≥ amount) and the loan subscription account (the freeze), ' +
      'the pending transfer (voided or posted later), the bid, the listing (funded + amount ≤ amount listed), the investor bid totals (within the risk level limit), ' +
      "a check on the investor's profile (the risk assessment the limit was read from is still theirs); " +
      'an investor first on the loan adds their investor marker (the listing item then also counts them, ≤ 199 investors)',
  );
  emit([
    result(
      'bid storm',
      `answered ${answeredPerSecond.toFixed(0)}/s (${storm.failed} failed) ÷ raw UpdateItem ${rawPerSecond.toFixed(0)}/s; accepted ${placed} at ${acceptedPerSecond.toFixed(0)}/s until full; c=${concurrency}`,
      ratio,
      atLeast(1.0),
    ),
  ]);
  documents.destroy();
} finally {
  await dynamodb.stop();
}
