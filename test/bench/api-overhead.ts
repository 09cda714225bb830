/**
 * Figure: API overhead (docs/testing.md, goal p99 ≤ 3×).
 * Latency of `GET /v1/listings/{id}` and `POST /v1/listings/{id}/bids` through the twin
 * (HTTP gateway, authorizer, idempotency, handler, its DynamoDB calls) ÷ one DynamoDB
 * round trip against the twin's own DynamoDB Local: a GetItem of the listing for the GET,
 * a TransactWriteItems of the bid's shape (entry, two balances, pending transfer,
 * listing, bid) for the POST. One request at a time; the API call and its baseline are
 * interleaved sample by sample so the machine's noise falls on both; warm-up excluded.
 *
 *   npm run bench -- api-overhead        (BENCH_SAMPLES tunes it, default 1000 of each)
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { customer, tableClient, type Customer } from '../support/custody';
import { investor, listedLoan, sfnClient } from '../support/listings';
import { startTwinProcess } from '../support/twin-process';
import { atMost, emit, latency, ms, percentile, result, setting } from './measure';

const samples = setting('BENCH_SAMPLES', 1000);
const warmUp = 20;
const investorCount = 50;
const bidFen = 10_000; // the smallest bid, ¥100
const bidsPerInvestor = Math.ceil((samples + warmUp) / investorCount);
const listingFen = 4 * (samples + warmUp) * bidFen; // never fills
const yuan = (amountFen: number) => `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;

const twin = await startTwinProcess();
const documents = tableClient(twin);
const sfn = sfnClient(twin);
try {
  const borrower = await customer(twin, documents, { roles: ['borrower'] });
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: listingFen, grade: 'B' });
  const investors: Customer[] = [];
  for (let batch = 0; batch < investorCount; batch += 10) {
    investors.push(...(await Promise.all(Array.from({ length: 10 }, () => investor(twin, documents, { deposit: yuan(bidsPerInvestor * bidFen), level: 'C4' })))));
  }
  console.log(`set up: listing ${loanId} (¥${yuan(listingFen)}), ${investors.length} investors`);
  const reader = investors[0]!;

  const getListing = async () => {
    const response = await reader.get(`/v1/listings/${loanId}`);
    if (response.status !== 200) throw new Error(`GET listing: ${response.status} ${JSON.stringify(response.body)}`);
  };
  const getItem = () => documents.send(new GetCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' } }));
  let bids = 0;
  const postBid = async () => {
    const who = investors[bids++ % investors.length]!;
    const response = await who.post(`/v1/listings/${loanId}/bids`, { amount: yuan(bidFen) });
    if (response.status !== 201) throw new Error(`POST bid: ${response.status} ${JSON.stringify(response.body)}`);
  };
  let transactions = 0;
  const transactWrite = () => {
    const index = transactions++;
    const put = (pk: string) => ({ Put: { TableName: twin.tableName, Item: { pk, sk: 'BENCH', index }, ConditionExpression: 'attribute_not_exists(pk)' } });
    const add = (pk: string) => ({ Update: { TableName: twin.tableName, Key: { pk, sk: 'BENCH' }, UpdateExpression: 'ADD amountFen :amount', ExpressionAttributeValues: { ':amount': bidFen } } });
    return documents.send(
      new TransactWriteCommand({
        TransactItems: [
          put(`BENCH-ENTRY#${index}`),
          add(`BENCH-ACCOUNT#${index % investorCount}`),
          add('BENCH-ACCOUNT#subscription'),
          put(`BENCH-PENDING#${index}`),
          {
            Update: {
              TableName: twin.tableName,
              Key: { pk: 'BENCH-LISTING', sk: 'BENCH' },
              UpdateExpression: 'ADD fundedFen :amount',
              ConditionExpression: 'attribute_not_exists(fundedFen) OR fundedFen <= :maxBefore',
              ExpressionAttributeValues: { ':amount': bidFen, ':maxBefore': listingFen },
            },
          },
          put(`BENCH-BID#${index}`),
        ],
      }),
    );
  };

  const timings = { get: [] as number[], getItem: [] as number[], post: [] as number[], transact: [] as number[] };
  for (let sample = 0; sample < warmUp + samples; sample += 1) {
    const measured = [await latency(getListing), await latency(getItem), await latency(postBid), await latency(transactWrite)] as const;
    if (sample < warmUp) continue;
    timings.get.push(measured[0]);
    timings.getItem.push(measured[1]);
    timings.post.push(measured[2]);
    timings.transact.push(measured[3]);
  }
  const summary = (name: string, values: number[]) => {
    const p50 = percentile(values, 50);
    const p99 = percentile(values, 99);
    console.log(`${name}: p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...values))} (${values.length} samples)`);
    return { p50, p99 };
  };
  const get = summary('GET /v1/listings/{id} through the twin', timings.get);
  const item = summary('GetItem of the listing on the twin\'s DynamoDB Local', timings.getItem);
  const post = summary('POST /v1/listings/{id}/bids through the twin', timings.post);
  const transact = summary('TransactWriteItems of the bid\'s 6 items on the twin\'s DynamoDB Local', timings.transact);
  const { body: listing } = await reader.get(`/v1/listings/${loanId}`);
  // Every bid went through: the listing counts each once.
  if (listing?.bidCount !== bids || listing?.funded !== yuan(bids * bidFen)) throw new Error(`the listing shows ${JSON.stringify(listing)} after ${bids} bids of ${yuan(bidFen)}`);
  console.log(`the listing after the bids: funded ${String(listing.funded)} by ${String(listing.bidCount)} bids`);

  const goal = atMost(3);
  emit([
    result('API overhead GET listing p99', `p99 ${ms(get.p99)} ÷ GetItem p99 ${ms(item.p99)}; p50 ${ms(get.p50)} ÷ ${ms(item.p50)} = ${(get.p50 / item.p50).toFixed(2)}×; n=${samples}`, get.p99 / item.p99, goal),
    result('API overhead POST bid p99', `p99 ${ms(post.p99)} ÷ TransactWriteItems p99 ${ms(transact.p99)}; p50 ${ms(post.p50)} ÷ ${ms(transact.p50)} = ${(post.p50 / transact.p50).toFixed(2)}×; n=${samples}`, post.p99 / transact.p99, goal),
  ]);
} finally {
  documents.destroy();
  sfn.destroy();
  await twin.stop();
}
