/**
 * Listings and bidding through the twin's HTTP API and its Step Functions endpoint:
 * a loan approved by the origination workflow is listed in the marketplace; investors
 * bid (frozen from their available balance); the bid that fills the listing completes
 * the subscription wait and the loan is FUNDED; a listing whose deadline passes
 * expires and every freeze is voided. Bid rules, suitability and the borrower's own
 * loan are refused; the ledger balances after it all.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bank, customer, expectLedgerBalanced, ledgerAccounts, signedIn, type Customer } from '../support/custody';
import { assessed, finishedExecution, investor, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { eventually, json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
let borrower: Customer;
beforeAll(async () => {
  ({ twin, documents, sfn } = setup);
  borrower = await customer(twin, documents, { roles: ['borrower', 'investor'] });
  await assessed(twin, documents, borrower.userId, 'C5');
});

async function installmentItems(loanId: string): Promise<Array<Record<string, any>>> {
  const { Items } = await documents.send(
    new QueryCommand({ TableName: twin.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :i)', ExpressionAttributeValues: { ':pk': `LOAN#${loanId}`, ':i': 'INSTALLMENT#' }, ConsistentRead: true }),
  );
  return Items ?? [];
}

const bidOn = (who: Customer, listingId: string, amount: string, key?: string) => who.post(`/v1/listings/${listingId}/bids`, { amount }, key);

test('a listed loan is in the marketplace with its terms, progress and the borrower’s masked disclosure; filters and the cursor work; the reads are public, the same for a visitor', async () => {
  const a = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 1_000_000, grade: 'A', termMonths: 6, annualRate: '0.08', method: 'BULLET' });
  const c = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 2_000_000, grade: 'C', termMonths: 12, annualRate: '0.15' });
  const viewer = await customer(twin, documents, { roles: ['investor'] });

  const detail = await viewer.get(`/v1/listings/${a}`);
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({
    listingId: a,
    status: 'LISTED',
    grade: 'A',
    amount: '10000.00',
    funded: '0.00',
    remaining: '10000.00',
    progress: '0.00',
    termMonths: 6,
    annualRate: '0.08',
    method: 'BULLET',
    purpose: 'working capital',
    borrower: { kind: 'personal', name: '张*', verified: true },
  });
  expect(Date.parse(detail.body.deadline) - Date.parse(detail.body.listedAt)).toBe(7 * 86_400_000);
  expect(JSON.stringify(detail.body)).not.toContain(borrower.userId);
  // The marketplace keys are on the loan item while it is listed.
  expect(await loanItem(twin, documents, a)).toMatchObject({ marketplacePk: 'LISTED', marketplaceSk: expect.stringMatching(/^A#/), fundedFen: 0 });

  const ids = async (query: string) => (await viewer.get(`/v1/listings${query}`)).body.items.map((item: { listingId: string }) => item.listingId);
  const all = await ids('?limit=100');
  expect(all).toEqual(expect.arrayContaining([a, c]));
  expect(all.indexOf(a)).toBeLessThan(all.indexOf(c)); // by grade, then deadline
  expect(await ids('?grade=C&limit=100')).toEqual(expect.arrayContaining([c]));
  expect(await ids('?grade=C&limit=100')).not.toContain(a);
  expect(await ids('?termMonths=6&limit=100')).toContain(a);
  expect(await ids('?termMonths=6&limit=100')).not.toContain(c);
  expect(await ids('?minRate=0.1&maxRate=0.2&limit=100')).toContain(c);
  expect(await ids('?minRate=0.1&maxRate=0.2&limit=100')).not.toContain(a);
  expect(await ids('?method=BULLET&limit=100')).toEqual([a]);

  // One item per page: the cursor walks every open listing once.
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await viewer.get(`/v1/listings?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    seen.push(...page.body.items.map((item: { listingId: string }) => item.listingId));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(seen).toEqual(all);
  expect((await viewer.get('/v1/listings?cursor=bm9wZQ')).status).toBe(400);
  expect((await viewer.get('/v1/listings?minRate=0.2&maxRate=0.1')).status).toBe(400);
  expect((await viewer.get('/v1/listings/no-such-listing')).status).toBe(404);
  // The marketplace is public: a visitor without a token reads the same pages and the same masked disclosure, no more.
  const anonymousPage = await json(`${twin.apiUrl}/v1/listings?limit=100`);
  expect(anonymousPage.status).toBe(200);
  expect(anonymousPage.body.items.map((item: { listingId: string }) => item.listingId)).toEqual(all);
  const anonymousDetail = await json(`${twin.apiUrl}/v1/listings/${a}`);
  expect(anonymousDetail.status).toBe(200);
  expect(anonymousDetail.body).toEqual(detail.body);
  expect(anonymousDetail.body.borrower).toMatchObject({ kind: 'personal', name: '张*', verified: true });
  expect(JSON.stringify(anonymousDetail.body)).not.toContain(borrower.userId);
  // Bidding still needs a signed-in investor.
  expect((await json(`${twin.apiUrl}/v1/listings/${a}/bids`, { method: 'POST', body: JSON.stringify({ amount: '100.00' }) })).status).toBe(401);
}, 60_000);

test('investors fill a listing: the last bid completes the subscription wait; the bank confirms the one disbursement transfer; every freeze posts, the borrower gets amount − fee, the loan is REPAYING with its schedule', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 500_000, grade: 'B' });
  const investors = await Promise.all([1, 2, 3].map(() => investor(twin, documents, { deposit: '3000.00', level: 'C3' })));
  const [first, second, third] = investors as [Customer, Customer, Customer];

  const bid1 = await bidOn(first, loanId, '2000.00', 'bid-key-first-0001');
  expect(bid1.status).toBe(201);
  expect(bid1.body).toMatchObject({ listingId: loanId, amount: '2000.00', status: 'FROZEN', source: 'manual' });
  // Replaying the request is the same bid, frozen once.
  const replay = await bidOn(first, loanId, '2000.00', 'bid-key-first-0001');
  expect(replay.status).toBe(201);
  expect(replay.headers.get('idempotency-replayed')).toBe('true');
  expect(replay.body.bidId).toBe(bid1.body.bidId);
  expect((await first.get('/v1/me/account')).body).toMatchObject({ available: '1000.00', frozen: '2000.00' });

  expect((await bidOn(second, loanId, '2000.00')).status).toBe(201);
  expect((await second.get(`/v1/listings/${loanId}`)).body).toMatchObject({ funded: '4000.00', remaining: '1000.00', progress: '80.00', bidCount: 2 });
  // More than remains is a 409; the bid that fills it is accepted.
  expect((await bidOn(third, loanId, '1100.00')).status).toBe(409);
  expect((await bidOn(third, loanId, '1000.00')).status).toBe(201);

  // Filled: the workflow disburses. One transfer instruction at the bank, confirmed by its signed callback; then the ledger moves.
  const execution = await finishedExecution(sfn, loanId);
  expect(execution.status).toBe('SUCCEEDED');
  expect(JSON.parse(execution.output ?? '{}').outcome).toEqual({ status: 'REPAYING' });
  const loan = await loanItem(twin, documents, loanId);
  expect(loan).toMatchObject({ status: 'REPAYING', fundedFen: 500_000, amountFen: 500_000, bidCount: 3, installmentCount: 12 });
  expect(loan.disbursement).toMatchObject({ instructionId: `disb-${loanId}`, toBorrowerFen: 490_000, feeFen: 10_000 });
  expect(loan.pendingDecision).toBeUndefined();
  expect(loan.marketplacePk).toBeUndefined();
  expect((await first.get('/v1/listings?limit=100')).body.items.map((item: { listingId: string }) => item.listingId)).not.toContain(loanId);
  expect((await first.get(`/v1/listings/${loanId}`)).body).toMatchObject({ status: 'REPAYING', progress: '100.00', remaining: '0.00' });
  // A disbursed listing takes no more bids.
  expect((await bidOn(third, loanId, '100.00')).status).toBe(409);

  // Exactly: each investor debited their bid; the borrower credited amount − 2% fee; the fee in fee income.
  for (const [who, bidYuan, left] of [
    [first, '2000.00', '1000.00'],
    [second, '2000.00', '1000.00'],
    [third, '1000.00', '2000.00'],
  ] as const) {
    expect((await who.get('/v1/me/account')).body).toMatchObject({ available: left, frozen: '0.00', balance: left });
    expect((await who.get('/v1/me/bids')).body.items).toEqual([expect.objectContaining({ listingId: loanId, amount: bidYuan, status: 'POSTED' })]);
  }
  const borrowerAccount = (await borrower.get('/v1/me/account')).body;
  expect(borrowerAccount).toMatchObject({ available: '4900.00', frozen: '0.00', balance: '4900.00' });
  const ledger = await ledgerAccounts(twin, documents);
  const subscription = ledger.find((account) => account.account === `loan:${loanId}:subscription`);
  expect(subscription).toMatchObject({ creditsPending: 0, debitsPending: 0, creditsPosted: 500_000, debitsPosted: 500_000 });
  const borrowerLedger = ledger.find((account) => account.account === `custody:${borrower.userId}`);
  const feeIncome = ledger.find((account) => account.account === 'platform:fee-income');
  expect(feeIncome?.creditsPosted).toBeGreaterThanOrEqual(10_000);
  // borrower credit + fee == the frozen bids, exactly.
  expect(borrowerLedger?.creditsPosted + 10_000).toBe(200_000 + 200_000 + 100_000);

  // The bank moved the same money: one instruction, investors → borrower → the fee account.
  const disbursementEvents = (await bank(twin).events()).filter((event) => event.instructionId === `disb-${loanId}`);
  expect(disbursementEvents.map((event) => event.type)).toEqual(['transfer.succeeded']);
  const subAccounts = await bank(twin).subAccounts();
  const borrowerSub = subAccounts.find((account) => account.ownerRef === borrower.userId);
  expect(borrowerSub).toMatchObject({ balance: '4900.00' });

  // The repayment schedule is stored: 12 equal installments from the disbursement's business date (Asia/Shanghai).
  const installments = await installmentItems(loanId);
  expect(installments).toHaveLength(12);
  expect(installments.reduce((sum, item) => sum + item.principalFen, 0)).toBe(500_000);
  for (const item of installments) expect(item).toMatchObject({ status: 'DUE', duePk: `DUE#${item.dueDate}` });

  // GET /v1/loans/{id}: the borrower and the investors see the loan and its schedule; anyone else gets a 404.
  const seen = await borrower.get(`/v1/loans/${loanId}`);
  expect(seen.status).toBe(200);
  expect(seen.body).toMatchObject({ loanId, status: 'REPAYING', amount: '5000.00', funded: '5000.00', termMonths: 12, grade: 'B', disbursement: { toBorrower: '4900.00', serviceFee: '100.00' } });
  expect(seen.body.history).toMatchObject({ appliedAt: expect.any(String), listedAt: expect.any(String), disbursedAt: expect.any(String), repayingSince: expect.any(String) });
  expect(seen.body.schedule).toHaveLength(12);
  expect(seen.body.schedule[0]).toMatchObject({ number: 1, status: 'DUE', dueDate: installments.find((item) => item.number === 1)?.dueDate });
  expect((await first.get(`/v1/loans/${loanId}`)).body).toMatchObject({ loanId, status: 'REPAYING' });
  const stranger = await investor(twin, documents, { level: 'C3' });
  expect((await stranger.get(`/v1/loans/${loanId}`)).status).toBe(404);

  // A replayed callback (the bank delivers the same signed event again) changes nothing.
  const event = disbursementEvents[0];
  const redelivered = await bank(twin).deliver(event.eventId);
  expect(redelivered.status).toBeLessThan(300);
  expect((await borrower.get('/v1/me/account')).body).toMatchObject({ balance: '4900.00' });
  expect((await loanItem(twin, documents, loanId)).status).toBe('REPAYING');
  const again = (await ledgerAccounts(twin, documents)).find((account) => account.account === `loan:${loanId}:subscription`);
  expect(again).toMatchObject({ creditsPosted: 500_000, debitsPosted: 500_000 });
  await expectLedgerBalanced(twin, documents);
}, 60_000);

test('bid rules: minimum and step, insufficient funds, the borrower’s own loan, unsuitable investors, roles and keys', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 10_000_000, grade: 'C' });
  const rich = await investor(twin, documents, { deposit: '1000.00', level: 'C5' });
  expect((await bidOn(rich, loanId, '50.00')).status).toBe(422);
  expect((await bidOn(rich, loanId, '150.00')).status).toBe(422);
  expect((await bidOn(rich, loanId, '100.5')).status).toBe(422);
  expect((await bidOn(rich, loanId, '2000.00')).status).toBe(422); // more than available
  expect((await json(`${twin.apiUrl}/v1/listings/${loanId}/bids`, { method: 'POST', headers: { authorization: `Bearer ${rich.token}` }, body: JSON.stringify({ amount: '100.00' }) })).status).toBe(400);
  expect((await rich.post(`/v1/listings/${loanId}/bids`, { amount: 100 })).status).toBe(400);
  expect((await bidOn(rich, 'no-such-listing', '100.00')).status).toBe(404);

  // The borrower, though an investor with money, never bids on their own loan.
  const { depositConfirmed } = await import('../support/custody');
  await depositConfirmed(borrower, '1000.00');
  const own = await bidOn(borrower, loanId, '100.00');
  expect(own.status).toBe(403);

  // Suitability: a C1 investor may not bid on grade C; no assessment, no investing; the level's limit.
  const cautious = await investor(twin, documents, { deposit: '1000.00', level: 'C1' });
  expect((await bidOn(cautious, loanId, '100.00')).status).toBe(403);
  const unassessed = await customer(twin, documents, { roles: ['investor'] });
  expect((await bidOn(unassessed, loanId, '100.00')).status).toBe(403);
  const limited = await investor(twin, documents, { deposit: '60000.00', level: 'C3' }); // C3 may hold ¥200,000 — fine
  expect((await bidOn(limited, loanId, '60000.00')).status).toBe(201);
  const small = await investor(twin, documents, { deposit: '60000.00', level: 'C2' }); // C2: ¥100,000, grade C not allowed
  expect((await bidOn(small, loanId, '100.00')).status).toBe(403);
  const borrowerOnly = await signedIn(twin, borrower.userId, ['borrower']);
  expect((await bidOn(borrowerOnly, loanId, '100.00')).status).toBe(403);

  // Refused bids changed nothing.
  expect((await rich.get('/v1/me/account')).body).toMatchObject({ available: '1000.00', frozen: '0.00' });
  expect((await rich.get('/v1/me/bids')).body.items).toEqual([]);
  expect((await rich.get(`/v1/listings/${loanId}`)).body).toMatchObject({ funded: '60000.00', bidCount: 1 });
}, 60_000);

test('a loan takes at most 199 investors (one bank instruction pays them all): a new investor beyond them is refused with nothing changed, one who already bid may bid more', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 10_000_000, grade: 'A' });
  const [first, second, late] = await Promise.all([1, 2, 3].map(() => investor(twin, documents, { deposit: '1000.00', level: 'C5' })));
  expect((await bidOn(first!, loanId, '100.00')).status).toBe(201);
  expect((await bidOn(first!, loanId, '100.00')).status).toBe(201);
  expect((await first!.get(`/v1/listings/${loanId}`)).body).toMatchObject({ bidCount: 2, investorCount: 1 });
  // 197 more investors bid meanwhile (their count, as their bids would have raised it): the next new one is the 199th.
  await documents.send(new UpdateCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, UpdateExpression: 'ADD investorCount :more', ExpressionAttributeValues: { ':more': 197 } }));
  expect((await bidOn(second!, loanId, '100.00')).status).toBe(201);
  const refused = await bidOn(late!, loanId, '100.00');
  expect(refused.status).toBe(409);
  expect(refused.body.detail).toContain('maximum of 199 investors');
  expect((await late!.get('/v1/me/account')).body).toMatchObject({ available: '1000.00', frozen: '0.00' });
  expect((await bidOn(first!, loanId, '100.00')).status).toBe(201);
  expect((await bidOn(second!, loanId, '100.00')).status).toBe(201);
  expect((await first!.get(`/v1/listings/${loanId}`)).body).toMatchObject({ funded: '500.00', bidCount: 5, investorCount: 199 });
}, 60_000);

test('the tiered limit counts disbursed bids, not only frozen ones: a C1 investor with ¥50,000 lent cannot bid again', async () => {
  const cautious = await investor(twin, documents, { deposit: '60000.00', level: 'C1' });
  const first = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 5_000_000, grade: 'A' });
  expect((await bidOn(cautious, first, '50000.00')).status).toBe(201);
  await eventually(async () => ((await loanItem(twin, documents, first)).status === 'REPAYING' ? true : undefined), `${first} to be disbursed`);
  // The ¥50,000 is lent out now, no longer frozen: still outstanding, so the C1 limit of ¥50,000 is reached.
  expect((await cautious.get('/v1/me/account')).body).toMatchObject({ available: '10000.00', frozen: '0.00' });
  const second = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 1_000_000, grade: 'A' });
  const refused = await bidOn(cautious, second, '100.00');
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toContain('at most 50000.00 yuan outstanding');
}, 60_000);

test('a listing whose deadline passes expires: every freeze voided once, every balance restored exactly', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 5_000_000, grade: 'A' });
  const investors = await Promise.all([1, 2, 3, 4].map(() => investor(twin, documents, { deposit: '5000.00' })));
  for (const [index, who] of investors.entries()) {
    expect((await bidOn(who, loanId, `${(index + 1) * 300}.00`)).status).toBe(201);
    expect((await bidOn(who, loanId, '100.00')).status).toBe(201);
  }
  expect((await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P7DT1H' }) })).status).toBe(200);
  const execution = await finishedExecution(sfn, loanId);
  expect(execution.status).toBe('SUCCEEDED');
  expect(JSON.parse(execution.output ?? '{}').outcome).toEqual({ status: 'EXPIRED', filled: false });
  const loan = await loanItem(twin, documents, loanId);
  expect(loan).toMatchObject({ status: 'EXPIRED' });
  expect(loan.marketplacePk).toBeUndefined();

  for (const stale of investors) {
    const who = await signedIn(twin, stale.userId, ['investor']); // tokens last an hour on the twin's clock
    expect((await who.get('/v1/me/account')).body).toMatchObject({ available: '5000.00', frozen: '0.00', balance: '5000.00' });
    const bids = (await who.get('/v1/me/bids')).body.items;
    expect(bids).toHaveLength(2);
    for (const bid of bids) expect(bid.status).toBe('VOIDED');
    expect((await bidOn(who, loanId, '100.00')).status).toBe(409);
  }
  const subscription = (await ledgerAccounts(twin, documents)).find((account) => account.account === `loan:${loanId}:subscription`);
  expect(subscription).toMatchObject({ creditsPending: 0, creditsPosted: 0 });
  await expectLedgerBalanced(twin, documents);
}, 60_000);

test('a listing filled by a bid whose signal to the workflow was lost is funded at its deadline, not expired', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 200_000, grade: 'B' });
  const investors = await Promise.all([1, 2].map(() => investor(twin, documents, { deposit: '1000.00', level: 'C3' })));
  expect((await bidOn(investors[0]!, loanId, '1000.00')).status).toBe(201);
  // The wait's token goes missing (as if the filling bid's SendTaskSuccess never arrived).
  await documents.send(new UpdateCommand({ TableName: twin.tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, UpdateExpression: 'REMOVE pendingDecision' }));
  expect((await bidOn(investors[1]!, loanId, '1000.00')).status).toBe(201);
  expect(await loanItem(twin, documents, loanId)).toMatchObject({ status: 'LISTED', fundedFen: 200_000 });

  expect((await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'P7DT1H' }) })).status).toBe(200);
  await eventually(async () => ((await loanItem(twin, documents, loanId)).status === 'REPAYING' ? true : undefined), `${loanId} to be funded and disbursed`);
  for (const stale of investors) {
    const who = await signedIn(twin, stale.userId, ['investor']);
    expect((await who.get('/v1/me/account')).body).toMatchObject({ available: '0.00', frozen: '0.00', balance: '0.00' });
  }
  await expectLedgerBalanced(twin, documents);
}, 60_000);

test('the bank declines the disbursement transfer: nothing moved, so it rolls back: every freeze voided once, the loan is DISBURSEMENT_FAILED', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 300_000, grade: 'B' });
  const investors = await Promise.all([1, 2].map(() => investor(twin, documents, { deposit: '2000.00', level: 'C3' })));
  const [first, second] = investors as [Customer, Customer];
  expect((await bidOn(first, loanId, '1500.00')).status).toBe(201);
  // At the bank, the first investor's money is gone (an operator's adjustment): the transfer cannot be paid.
  const firstSub = (await bank(twin).subAccounts()).find((account) => account.ownerRef === first.userId);
  expect((await bank(twin).adjust({ subAccountId: firstSub.subAccountId, amount: '1000.00', direction: 'DEBIT' })).status).toBe(201);
  expect((await bidOn(second, loanId, '1500.00')).status).toBe(201);

  const execution = await finishedExecution(sfn, loanId);
  expect(execution.status).toBe('FAILED');
  expect(execution.error).toBe('DisbursementFailed');
  const loan = await loanItem(twin, documents, loanId);
  expect(loan).toMatchObject({ status: 'DISBURSEMENT_FAILED', disbursementFailure: { error: 'DisbursementFailed', cause: 'INSUFFICIENT_FUNDS' } });
  expect(loan.disbursedAt).toBeUndefined();
  expect((await bank(twin).events()).filter((event) => event.instructionId === `disb-${loanId}`).map((event) => event.type)).toEqual(['transfer.failed']);
  expect((await first.get('/v1/me/account')).body).toMatchObject({ available: '2000.00', frozen: '0.00', balance: '2000.00' });
  expect((await second.get('/v1/me/account')).body).toMatchObject({ available: '2000.00', frozen: '0.00', balance: '2000.00' });
  for (const who of [first, second]) expect((await who.get('/v1/me/bids')).body.items).toEqual([expect.objectContaining({ listingId: loanId, status: 'VOIDED' })]);
  const subscription = (await ledgerAccounts(twin, documents)).find((account) => account.account === `loan:${loanId}:subscription`);
  expect(subscription).toMatchObject({ creditsPending: 0, creditsPosted: 0, debitsPosted: 0 });
  expect(await installmentItems(loanId)).toEqual([]);
  // Put the bank's books back for the ledger check at the end of the file.
  await bank(twin).adjust({ subAccountId: firstSub.subAccountId, amount: '1000.00', direction: 'CREDIT' });
}, 60_000);

test('the bank confirms after the workflow gave up waiting (24 h): the disbursement rolls forward as if on time', async () => {
  const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 200_000, grade: 'B' });
  const investors = await Promise.all([1, 2].map(() => investor(twin, documents, { deposit: '1000.00', level: 'C3' })));
  await bank(twin).hold(true);
  try {
    for (const who of investors) expect((await bidOn(who, loanId, '1000.00')).status).toBe(201);
    const held = await eventually(async () => (await bank(twin).events()).find((event) => event.instructionId === `disb-${loanId}`), 'the held disbursement event');
    expect(held.type).toBe('transfer.succeeded');
    // Nobody hears from the bank for a day and an hour: the wait times out; the outcome is unknown, so the freezes stay.
    expect((await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT25H' }) })).status).toBe(200);
    const execution = await finishedExecution(sfn, loanId);
    expect(execution.status).toBe('FAILED');
    expect(await loanItem(twin, documents, loanId)).toMatchObject({ status: 'DISBURSEMENT_FAILED', disbursementFailure: { error: 'States.Timeout' } });
    for (const who of investors) expect((await (await signedIn(twin, who.userId)).get('/v1/me/account')).body).toMatchObject({ frozen: '1000.00' });
  } finally {
    // The bank's confirmation arrives late (freshly signed): the platform follows the bank's books.
    await bank(twin).hold(false);
  }
  await eventually(async () => ((await loanItem(twin, documents, loanId)).status === 'REPAYING' ? true : undefined), `${loanId} to roll forward`);
  for (const who of investors) expect((await (await signedIn(twin, who.userId)).get('/v1/me/account')).body).toMatchObject({ available: '0.00', frozen: '0.00', balance: '0.00' });
  expect(await installmentItems(loanId)).toHaveLength(12);
  const subscription = (await ledgerAccounts(twin, documents)).find((account) => account.account === `loan:${loanId}:subscription`);
  expect(subscription).toMatchObject({ creditsPending: 0, creditsPosted: 200_000, debitsPosted: 200_000 });
  // The twin prints the alarm just after the loan turns REPAYING; the line reaches this process through a pipe.
  const alarm = `"alarm":"DisbursementConfirmedLate","loanId":"${loanId}"`;
  await eventually(async () => (twin.output().includes(alarm) ? true : undefined), 'the DisbursementConfirmedLate alarm');
  await expectLedgerBalanced(twin, documents);
}, 90_000);
