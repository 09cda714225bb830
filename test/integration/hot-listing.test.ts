/**
 * The hot listing (docs/testing.md): 200 concurrent bids totalling more than three times
 * a listing's amount, through the twin's HTTP API. Funded equals the amount exactly,
 * every refused bid left its investor's balance unchanged, no bid was lost or counted
 * twice, and the ledger balances.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customer, expectLedgerBalanced, ledgerAccounts, type Customer } from '../support/custody';
import { finishedExecution, investor, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
beforeAll(() => {
  ({ twin, documents, sfn } = setup);
});

const investorCount = 40;
const bidsPerInvestor = 5;
const depositFen = 200_000; // ¥2,000 each: enough for all five of their bids
const listingFen = 1_500_000; // ¥15,000
const bidFenCycle = [10_000, 20_000, 30_000, 40_000];
const yuan = (amountFen: number) => `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;

test('200 concurrent bids totalling over 3× the amount: funded == amount exactly, losers unchanged, no bid lost or counted twice', async () => {
  const borrower = await customer(twin, documents, { roles: ['borrower'] });
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: listingFen, grade: 'B' });
  const investors: Customer[] = [];
  for (let batch = 0; batch < investorCount; batch += 10) {
    investors.push(...(await Promise.all(Array.from({ length: 10 }, () => investor(twin, documents, { deposit: yuan(depositFen), level: 'C4' })))));
  }
  const attempts = investors.flatMap((who, investorIndex) =>
    Array.from({ length: bidsPerInvestor }, (_, bidIndex) => ({ who, amountFen: bidFenCycle[(investorIndex + bidIndex) % bidFenCycle.length]! })),
  );
  const demandFen = attempts.reduce((sum, attempt) => sum + attempt.amountFen, 0);
  expect(attempts).toHaveLength(200);
  expect(demandFen).toBeGreaterThanOrEqual(3 * listingFen);

  const started = Date.now();
  const responses = await Promise.all(attempts.map(({ who, amountFen }) => who.post(`/v1/listings/${loanId}/bids`, { amount: yuan(amountFen) })));
  const wallMs = Date.now() - started;

  const statuses = responses.map((response) => response.status);
  const accepted = responses.filter((response) => response.status === 201);
  const refused = responses.filter((response) => response.status !== 201);
  // Every refusal is a full or short listing (409) — never a 5xx, never lost.
  expect(refused.map((response) => response.status).filter((status) => status !== 409)).toEqual([]);
  const acceptedFen = accepted.reduce((sum, response) => sum + Number(response.body.amount.replace('.', '')), 0);
  expect(acceptedFen).toBe(listingFen);
  expect(new Set(accepted.map((response) => response.body.bidId)).size).toBe(accepted.length);

  const loan = await loanItem(twin, documents, loanId);
  expect(loan.fundedFen).toBe(listingFen);
  expect(loan.bidCount).toBe(accepted.length);
  // Filled, then disbursed: one bank transfer for every winning investor, the freezes posted in entries of ≤24.
  expect((await finishedExecution(sfn, loanId, 60_000)).status).toBe('SUCCEEDED');
  expect((await loanItem(twin, documents, loanId)).status).toBe('REPAYING');

  // Each investor: exactly their accepted bids are listed and debited (posted at disbursement); refusals changed nothing.
  for (const [index, who] of investors.entries()) {
    const mine = responses.filter((response, position) => response.status === 201 && attempts[position]!.who === who);
    const frozenFen = mine.reduce((sum, response) => sum + Number(response.body.amount.replace('.', '')), 0);
    const account = (await who.get('/v1/me/account')).body;
    expect({ index, available: account.available, frozen: account.frozen, balance: account.balance }).toEqual({
      index,
      available: yuan(depositFen - frozenFen),
      frozen: '0.00',
      balance: yuan(depositFen - frozenFen),
    });
    const bids = (await who.get('/v1/me/bids?limit=100')).body.items;
    expect(bids.map((bid: { bidId: string }) => bid.bidId).sort()).toEqual(mine.map((response) => response.body.bidId).sort());
  }
  const subscription = (await ledgerAccounts(twin, documents)).find((account) => account.account === `loan:${loanId}:subscription`);
  expect(subscription).toMatchObject({ creditsPending: 0, creditsPosted: listingFen, debitsPosted: listingFen });
  // The borrower has the amount less the 2% service fee, exactly.
  expect((await borrower.get('/v1/me/account')).body).toMatchObject({ available: yuan(listingFen - listingFen / 50), frozen: '0.00' });
  await expectLedgerBalanced(twin, documents);

  console.log(
    JSON.stringify({
      hotListing: { bids: attempts.length, demandYuan: yuan(demandFen), listingYuan: yuan(listingFen), accepted: accepted.length, refused: refused.length, statuses: countOf(statuses), wallMs },
    }),
  );
}, 120_000);

const countOf = (values: readonly number[]) => values.reduce<Record<number, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});
