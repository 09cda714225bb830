/**
 * Auto-bid plans (自动投标) through the twin: plans created over HTTP bid when a listing
 * opens (the ListLoan step), longest-waiting first, within remaining, budget, reserve
 * and cap; a listing they fill goes straight to Funded. The owner edits, pauses, resumes
 * and deletes a plan, and each change decides what the next listing gets.
 */
import { randomUUID } from 'node:crypto';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customer, expectLedgerBalanced, signedIn, type Customer } from '../support/custody';
import { finishedExecution, investor, listedLoan, loanItem, twinWithClientsForThisFile } from '../support/listings';
import { advanceClock } from '../support/servicing';
import { eventually, json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
let sfn: SFNClient;
beforeAll(() => {
  ({ twin, documents, sfn } = setup);
});

const plan = (grades: string[], reserveBalance = '500.00') => ({ amountPerLoan: '1000.00', minRate: '0.05', maxRate: '0.20', minTermMonths: 1, maxTermMonths: 24, grades, budget: '5000.00', reserveBalance });
const bidsOf = async (who: Customer) => (await who.get('/v1/me/bids?limit=100')).body.items as Array<{ listingId: string; amount: string; source: string; status: string }>;

test('plans bid in a fair rotation when a listing opens, within remaining, reserve and budget; a filled listing is funded at once', async () => {
  const borrower = await customer(twin, documents, { roles: ['borrower'] });
  const planners: Customer[] = [];
  const planIds: string[] = [];
  for (const [deposit, grades] of [['3000.00', ['A', 'B']], ['3000.00', ['A', 'B']], ['3000.00', ['A', 'B']], ['1200.00', ['A']]] as const) {
    const who = await investor(twin, documents, { deposit, level: 'C3' });
    const created = await who.post('/v1/me/auto-bid-plans', plan([...grades]));
    expect(created.status).toBe(201);
    planners.push(who);
    planIds.push(created.body.planId);
    await advanceClock(twin, 'PT1S'); // distinct creation instants, by the twin's clock
  }
  const [p1, p2, p3, p4] = planners as [Customer, Customer, Customer, Customer];
  // Suitability at creation: a C1 investor may not plan for grade B.
  const cautious = await investor(twin, documents, { level: 'C1' });
  expect((await cautious.post('/v1/me/auto-bid-plans', plan(['A', 'B']))).status).toBe(403);
  expect((await p1.post('/v1/me/auto-bid-plans', { ...plan(['A']), amountPerLoan: '150.00' })).status).toBe(422);
  // The diversified preset spreads over at least two grades: one is a 400, and nothing is created.
  expect((await p1.post('/v1/me/auto-bid-plans', { ...plan(['A']), preset: 'DIVERSIFIED' })).status).toBe(400);

  // Grade B, ¥2,000: p1 and p2 (the longest waiting) fill it; p4 plans only grade A.
  const first = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 200_000, grade: 'B' }, 'listed-or-funded');
  expect((await finishedExecution(sfn, first)).status).toBe('SUCCEEDED');
  expect(await loanItem(twin, documents, first)).toMatchObject({ status: 'REPAYING', fundedFen: 200_000, bidCount: 2 });
  expect(await bidsOf(p1)).toEqual([expect.objectContaining({ listingId: first, amount: '1000.00', source: planIds[0], status: 'POSTED' })]);
  expect(await bidsOf(p2)).toEqual([expect.objectContaining({ listingId: first, amount: '1000.00', source: planIds[1] })]);
  expect(await bidsOf(p3)).toEqual([]);

  // Grade A, ¥2,000: p3 and p4 waited longest; p4 keeps its ¥500 reserve (bids ¥700); p1 takes what remains (¥300).
  const second = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 200_000, grade: 'A' }, 'listed-or-funded');
  expect((await finishedExecution(sfn, second)).status).toBe('SUCCEEDED');
  expect(await loanItem(twin, documents, second)).toMatchObject({ status: 'REPAYING', fundedFen: 200_000, bidCount: 3 });
  const onSecond = async (who: Customer) => (await bidsOf(who)).filter((bid) => bid.listingId === second).map((bid) => bid.amount);
  expect(await onSecond(p3)).toEqual(['1000.00']);
  expect(await onSecond(p4)).toEqual(['700.00']);
  expect(await onSecond(p1)).toEqual(['300.00']);
  expect(await onSecond(p2)).toEqual([]);
  // Disbursed: p4's ¥700 bid is posted (debited), its ¥500 reserve untouched.
  expect((await p4.get('/v1/me/account')).body).toMatchObject({ available: '500.00', frozen: '0.00', balance: '500.00' });
  expect((await p1.get('/v1/me/auto-bid-plans')).body.items).toEqual([expect.objectContaining({ planId: planIds[0], spent: '1300.00', budget: '5000.00' })]);

  // Grade C matches no plan: the listing stays open, waiting for manual bids.
  const third = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 200_000, grade: 'C' });
  expect(await loanItem(twin, documents, third)).toMatchObject({ status: 'LISTED', fundedFen: 0 });
  await expectLedgerBalanced(twin, documents);
}, 90_000);

test('the owner edits, pauses, resumes and deletes a plan: each decides what the next listing gets; bids placed stay; a stranger is told nothing', async () => {
  const borrower = await customer(twin, documents, { roles: ['borrower'] });
  const owner = await investor(twin, documents, { deposit: '5000.00', level: 'C5' });
  const stranger = await investor(twin, documents, { level: 'C5' });
  // Grade C only: the first test's plans (grades A and B) bid on none of these listings.
  const terms = { ...plan(['C'], '0.00'), budget: '3000.00' };
  const created = await owner.post('/v1/me/auto-bid-plans', terms);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'ACTIVE', version: 1, amountPerLoan: '1000.00' });
  const planPath = `/v1/me/auto-bid-plans/${created.body.planId}`;
  const send = (who: Customer, method: 'PUT' | 'DELETE', body?: unknown) =>
    json(`${twin.apiUrl}${planPath}`, { method, headers: { authorization: `Bearer ${who.token}`, 'idempotency-key': `key-${randomUUID()}` }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const myPlans = async () => (await owner.get('/v1/me/auto-bid-plans')).body.items;
  /** What the owner's plan bid on a new ¥5,000 grade C listing (none: []). */
  const nextListingGets = async () => {
    const loanId = await listedLoan(twin, documents, sfn, { borrowerId: borrower.userId, amountFen: 500_000, grade: 'C' });
    return (await bidsOf(owner)).filter((bid) => bid.listingId === loanId).map((bid) => bid.amount);
  };

  expect(await nextListingGets()).toEqual(['1000.00']);
  const edited = await send(owner, 'PUT', { ...terms, amountPerLoan: '500.00', version: 1 });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({ status: 'ACTIVE', version: 2, amountPerLoan: '500.00', spent: '1000.00', budget: '3000.00' });
  expect(await nextListingGets()).toEqual(['500.00']);

  // Bad input: a problem document naming the field, and the plan as it was.
  const asItWas = await myPlans();
  const badAmount = await send(owner, 'PUT', { ...terms, amountPerLoan: 'abc', version: 2 });
  expect(badAmount).toMatchObject({ status: 400, body: { status: 400, errors: [expect.objectContaining({ path: 'body.amountPerLoan' })] } });
  expect(badAmount.headers.get('content-type')).toContain('application/problem+json');
  expect(await send(owner, 'PUT', { ...terms, minTermMonths: 24, maxTermMonths: 6, version: 2 })).toMatchObject({ status: 400, body: { errors: [{ path: 'body.minTermMonths' }] } });
  expect(await send(owner, 'PUT', { ...terms, budget: '1000.00', version: 2 })).toMatchObject({ status: 422, body: { errors: [{ path: 'body.budget' }] } });
  expect((await send(owner, 'PUT', { ...terms, version: 1 })).status).toBe(409);
  // A stranger: the same 404 as for no plan, and nothing changed.
  expect((await send(stranger, 'PUT', { ...terms, version: 2 })).status).toBe(404);
  expect((await stranger.post(`${planPath}/pause`, undefined)).status).toBe(404);
  expect((await send(stranger, 'DELETE')).status).toBe(404);
  expect((await stranger.get('/v1/me/auto-bid-plans')).body.items).toEqual([]);
  expect(await myPlans()).toEqual(asItWas);

  const paused = await owner.post(`${planPath}/pause`, undefined);
  expect(paused).toMatchObject({ status: 200, body: { status: 'PAUSED', version: 3 } });
  expect((await owner.post(`${planPath}/pause`, undefined)).body).toMatchObject({ status: 'PAUSED', version: 3 });
  expect(await nextListingGets()).toEqual([]);
  expect((await owner.post(`${planPath}/resume`, undefined)).body).toMatchObject({ status: 'ACTIVE', version: 4 });
  expect(await nextListingGets()).toEqual(['500.00']);

  expect((await send(owner, 'DELETE')).status).toBe(204);
  expect(await myPlans()).toEqual([]);
  expect((await send(owner, 'DELETE')).status).toBe(404);
  expect((await owner.post(`${planPath}/resume`, undefined)).status).toBe(404);
  expect(await nextListingGets()).toEqual([]);
  // The bids it placed stay, frozen toward their listings.
  expect((await bidsOf(owner)).map((bid) => [bid.amount, bid.status])).toEqual([
    ['500.00', 'FROZEN'],
    ['500.00', 'FROZEN'],
    ['1000.00', 'FROZEN'],
  ]);

  // The audit trail keeps each change with the owner as its actor, the deletion too.
  const auditor = await signedIn(twin, `auditor-${randomUUID()}`, ['auditor']);
  const changes = await eventually(async () => {
    await advanceClock(twin, 'PT1S');
    const items = (await auditor.get('/v1/audit?limit=1000')).body.items as Array<{ entity: { sk: string }; who: string; after?: { fields: Record<string, unknown> } }>;
    const ofPlan = items.filter((event) => event.entity.sk === `PLAN#${created.body.planId}` && event.who === owner.userId);
    return ofPlan.some((event) => event.after?.fields.status === 'DELETED') ? ofPlan.map((event) => event.after?.fields.version) : undefined;
  }, 'the plan’s changes in the audit trail');
  expect(changes).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
}, 120_000);
