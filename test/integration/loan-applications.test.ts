/**
 * Loan applications and their review on the twin, through HTTP only (plus reads of
 * the table to see the loan): pre-loan checks, the automated review approving,
 * rejecting or referring, the seeded reviewer deciding a manual review, exactly-once
 * starts, one open application at a time. Borrowers are picked by the credit-bureau
 * simulator's documented cases (functions/adapters/credit-bureau/credit-bureau.ts).
 */
import { randomUUID } from 'node:crypto';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { simulatedBureauCase, type SimulatedBureauCase } from '../../functions/adapters/credit-bureau/credit-bureau';
import { customer, markVerified, sentAtOnce, signedIn, tableClient, type Customer } from '../support/custody';
import { eventually, json, twinForThisFile } from '../support/twin-process';

const twin = twinForThisFile();
const documents = () => tableClient(twin());

async function borrower(bureauCase: SimulatedBureauCase, options: { verified?: boolean } = {}): Promise<Customer> {
  let userId = `user-${randomUUID()}`;
  while (simulatedBureauCase(userId) !== bureauCase) userId = `user-${randomUUID()}`;
  if (options.verified ?? true) await markVerified(documents(), twin(), userId, ['borrower']);
  return signedIn(twin(), userId, ['borrower']);
}

const application = (overrides: Record<string, unknown> = {}) => ({
  amount: '30000.00',
  termMonths: 12,
  annualRate: '0.10',
  method: 'EQUAL_INSTALLMENT',
  purposeCategory: 'HOME_RENOVATION',
  purpose: 'home renovation',
  monthlyIncome: '20000.00',
  kind: 'personal',
  ...overrides,
});

const loanItem = async (loanId: string) =>
  (await documents().send(new GetCommand({ TableName: twin().tableName, Key: { pk: `LOAN#${loanId}`, sk: 'LOAN' }, ConsistentRead: true }))).Item;
const loanSettled = (loanId: string, status: string) =>
  eventually(async () => {
    const loan = await loanItem(loanId);
    return loan?.status === status && (status !== 'IN_REVIEW' || loan.pendingDecision?.decision === 'REVIEW') && (status !== 'LISTED' || loan.pendingDecision?.decision === 'SUBSCRIPTION')
      ? loan
      : undefined;
  }, `${loanId} to be ${status}`);
const reasonsOf = (body: { errors?: Array<{ message: string }> }) => (body.errors ?? []).map((error) => error.message);

test('a sound application from a clean borrower is approved by the rules and listed with its grade', async () => {
  const alice = await borrower('CLEAN');
  const response = await alice.post('/v1/loan-applications', application());
  expect(response.status).toBe(202);
  expect(response.body).toEqual({ loanId: expect.stringMatching(/^loan-/), status: 'APPLIED' });
  const loan = await loanSettled(response.body.loanId, 'LISTED');
  // 560 + 20 (≤ 2 × income) + 20 (12 months) + 30 (never overdue) + 25 (no other debt) + 15 (60 months' history)
  expect(loan.riskReview).toMatchObject({ decision: 'APPROVED', score: 670, grade: 'B', reasons: [], scorecardVersion: 'scorecard-2026.1' });
  expect(loan).toMatchObject({ grade: 'B', borrowerId: alice.userId, amountFen: 3_000_000, annualRate: '0.10', monthlyIncomeFen: 2_000_000 });
  // The borrower's own loans, and the loan itself; another borrower is told it does not exist.
  const mine = await alice.get('/v1/me/loans');
  expect(mine.status).toBe(200);
  expect(mine.body.items).toEqual([expect.objectContaining({ loanId: response.body.loanId, status: 'LISTED', amount: '30000.00', grade: 'B', annualRate: '0.10', method: 'EQUAL_INSTALLMENT', funded: '0.00' })]);
  const one = await alice.get(`/v1/loans/${response.body.loanId}`);
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({ loanId: response.body.loanId, status: 'LISTED', history: { appliedAt: expect.any(String), listedAt: expect.any(String) } });
  expect(one.body.schedule).toBeUndefined();
  // The listing discloses the purpose's category, the income as a range and the credit report's summary; never the income itself.
  const listing = await alice.get(`/v1/listings/${response.body.loanId}`);
  expect(listing.body).toMatchObject({ purposeCategory: 'HOME_RENOVATION', borrower: { kind: 'personal', incomeRange: '20000-50000', creditReport: { overdueRecords: 'no overdue episode', otherPlatforms: 'no debt elsewhere' } } });
  expect(JSON.stringify(listing.body)).not.toContain('20000.00');
  const other = await borrower('CLEAN');
  expect((await other.get(`/v1/loans/${response.body.loanId}`)).status).toBe(404);
  expect((await other.get('/v1/me/loans')).body.items).toEqual([]);
}, 60_000);

test('a borrower overdue elsewhere is rejected by the rules, with the reasons on the loan', async () => {
  const bob = await borrower('SEVERE_DELINQUENCY');
  const response = await bob.post('/v1/loan-applications', application());
  expect(response.status).toBe(202);
  const loan = await loanSettled(response.body.loanId, 'REJECTED');
  expect(loan.rejectionReasons).toEqual(expect.arrayContaining(['BUREAU_CURRENTLY_OVERDUE', 'BUREAU_SEVERE_DELINQUENCY', 'BUREAU_REPEATED_OVERDUE']));
  expect(loan.riskReview.decision).toBe('REJECTED');
}, 60_000);

test('a thin file goes to manual review; the seeded reviewer sees it and approves it; it is then listed', async () => {
  const carol = await borrower('THIN_FILE');
  const { body } = await carol.post('/v1/loan-applications', application());
  const loanId = body.loanId as string;
  await loanSettled(loanId, 'IN_REVIEW');

  // A second application while this one is open is refused.
  const second = await carol.post('/v1/loan-applications', application({ amount: '10000.00' }));
  expect(second.status).toBe(409);

  const login = await json(`${twin().apiUrl}/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'reviewer', password: 'Reviewer-local-2026!' }) });
  expect(login.status).toBe(200);
  const authorization = { authorization: `Bearer ${login.body.accessToken}` };
  const queue = await eventually(async () => {
    const page = await json(`${twin().apiUrl}/v1/reviews?limit=100`, { headers: authorization });
    return page.body.items?.some((item: { loanId: string }) => item.loanId === loanId) ? page : undefined;
  }, 'the loan in the reviewers queue');
  expect(queue.status).toBe(200);
  const item = queue.body.items.find((candidate: { loanId: string }) => candidate.loanId === loanId);
  expect(item).toMatchObject({ loanId, borrowerId: carol.userId, amount: '30000.00', monthlyIncome: '20000.00', annualRate: '0.10', screening: { reasons: ['NO_CREDIT_HISTORY'], scorecardVersion: 'scorecard-2026.1' } });
  expect(JSON.stringify(queue.body)).not.toMatch(/张|name/);

  // Borrowers do not see the queue.
  expect((await carol.get('/v1/reviews')).status).toBe(403);
  const decide = (headers: Record<string, string>, decision: unknown, key = `key-${randomUUID()}`) =>
    json(`${twin().apiUrl}/v1/reviews/${loanId}/decision`, { method: 'POST', headers: { ...headers, 'idempotency-key': key }, body: JSON.stringify(decision) });
  expect((await decide(authorization, { decision: 'APPROVED' })).status).toBe(400);
  const key = `key-${randomUUID()}`;
  const approved = await decide(authorization, { decision: 'APPROVED', grade: 'C' }, key);
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ loanId, decision: 'APPROVED' });
  // A replay is the same answer; another decision on a decided loan is a conflict.
  const replay = await decide(authorization, { decision: 'APPROVED', grade: 'C' }, key);
  expect(replay.status).toBe(200);
  expect(replay.headers.get('idempotency-replayed')).toBe('true');
  expect((await decide(authorization, { decision: 'REJECTED', reasons: ['CHANGED_MIND'] })).status).toBe(409);

  const loan = await loanSettled(loanId, 'LISTED');
  expect(loan).toMatchObject({ grade: 'C', reviewerDecision: { decision: 'APPROVED' } });
  const page = await json(`${twin().apiUrl}/v1/reviews?limit=100`, { headers: authorization });
  expect(page.body.items.some((candidate: { loanId: string }) => candidate.loanId === loanId)).toBe(false);
  // Decided: the borrower may apply again (the platform cap counts the listed loan).
  expect((await carol.post('/v1/loan-applications', application({ amount: '10000.00' }))).status).toBe(202);
}, 90_000);

test('a reviewer rejects a manual review with reasons; nobody decides their own loan; unknown loans are 404', async () => {
  const dave = await borrower('PAST_OVERDUE');
  const { body } = await dave.post('/v1/loan-applications', application());
  const loanId = body.loanId as string;
  const waiting = await loanSettled(loanId, 'IN_REVIEW');
  expect(waiting.riskReview).toMatchObject({ decision: 'MANUAL_REVIEW', reasons: ['BUREAU_PAST_OVERDUE'] });

  const self = await signedIn(twin(), dave.userId, ['borrower', 'reviewer']);
  expect((await self.post(`/v1/reviews/${loanId}/decision`, { decision: 'APPROVED', grade: 'A' })).status).toBe(403);
  const reviewer = await signedIn(twin(), `reviewer-${randomUUID()}`, ['reviewer']);
  expect((await reviewer.post('/v1/reviews/loan-unknown/decision', { decision: 'APPROVED', grade: 'A' })).status).toBe(404);
  const rejected = await reviewer.post(`/v1/reviews/${loanId}/decision`, { decision: 'REJECTED', reasons: ['INCOME_UNVERIFIED'] });
  expect(rejected.status).toBe(200);
  const loan = await loanSettled(loanId, 'REJECTED');
  expect(loan.rejectionReasons).toEqual(['INCOME_UNVERIFIED']);
}, 60_000);

test('a retry with the same Idempotency-Key is one loan and one execution', async () => {
  const erin = await borrower('THIN_FILE');
  const key = `key-${randomUUID()}`;
  const { answers } = await sentAtOnce(2, () => erin.post('/v1/loan-applications', application(), key));
  expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
  const [first, second] = answers as [(typeof answers)[0], (typeof answers)[0]];
  expect(second.body.loanId).toBe(first.body.loanId);
  const again = await erin.post('/v1/loan-applications', application(), key);
  expect(again.body.loanId).toBe(first.body.loanId);
  expect(again.headers.get('idempotency-replayed')).toBe('true');
  const loans = await documents().send(
    new QueryCommand({ TableName: twin().tableName, IndexName: 'byOwner', KeyConditionExpression: 'ownerPk = :owner', ExpressionAttributeValues: { ':owner': `USER#${erin.userId}#LOANS` } }),
  );
  expect(loans.Items?.map((item) => item.loanId)).toEqual([first.body.loanId]);
  const sfn = new SFNClient({ endpoint: twin().stepFunctionsUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: twin().controlSecret } });
  const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:local:000000000000:execution:loan-origination:${first.body.loanId}` }));
  expect(execution).toMatchObject({ name: first.body.loanId, input: JSON.stringify({ loanId: first.body.loanId }) });
  sfn.destroy();
  // The same key with other terms is refused.
  expect((await erin.post('/v1/loan-applications', application({ amount: '20000.00' }), key)).status).toBe(422);
}, 60_000);

test('pre-loan checks: 400 malformed, 403 unverified or not a borrower, 422 with reason codes', async () => {
  const frank = await borrower('CLEAN');
  expect((await frank.post('/v1/loan-applications', application({ amount: 30000 }))).status).toBe(400);
  expect((await frank.post('/v1/loan-applications', application({ kind: 'sole-trader' }))).status).toBe(400);
  const overCap = await frank.post('/v1/loan-applications', application({ annualRate: '0.1381' }));
  expect(overCap.status).toBe(422);
  expect(reasonsOf(overCap.body)).toEqual(['RATE_ABOVE_LEGAL_CAP']);
  const overIncome = await frank.post('/v1/loan-applications', application({ amount: '60000.01' }));
  expect(reasonsOf(overIncome.body)).toEqual(['AMOUNT_ABOVE_INCOME_MULTIPLE']);
  const overPlatform = await frank.post('/v1/loan-applications', application({ amount: '200000.01', monthlyIncome: '100000.00' }));
  expect(reasonsOf(overPlatform.body)).toEqual(expect.arrayContaining(['AMOUNT_ABOVE_MAXIMUM', 'PLATFORM_LIMIT_EXCEEDED']));

  const grace = await borrower('HEAVY_DEBT');
  const heavy = await grace.post('/v1/loan-applications', application({ amount: '60000.00' }));
  expect(heavy.status).toBe(422);
  expect(reasonsOf(heavy.body)).toEqual(['CROSS_PLATFORM_LIMIT_EXCEEDED']);

  const unverified = await borrower('CLEAN', { verified: false });
  expect((await unverified.post('/v1/loan-applications', application())).status).toBe(403);
  const investor = await customer(twin(), documents(), { roles: ['investor'] });
  expect((await investor.post('/v1/loan-applications', application())).status).toBe(403);
}, 60_000);

test('a prohibited purpose, a related party, a borrower under 18: 422 with the reason code, no loan', async () => {
  const heidi = await borrower('CLEAN');
  const myLoans = async () => (await heidi.get('/v1/me/loans')).body.items.length;
  for (const purposeCategory of ['SECURITIES', 'REAL_ESTATE_DOWN_PAYMENT']) {
    const refused = await heidi.post('/v1/loan-applications', application({ purposeCategory }));
    expect([refused.status, reasonsOf(refused.body)]).toEqual([422, ['PURPOSE_PROHIBITED']]);
  }
  expect((await heidi.post('/v1/loan-applications', application({ purposeCategory: 'GAMBLING' }))).status).toBe(400);

  // An admin marks heidi a related party (staff): she may not borrow here; the mark is on her profile with the admin as the writer.
  const admin = await signedIn(twin(), `admin-${randomUUID()}`, ['admin']);
  const mark = (body: unknown) =>
    json(`${twin().apiUrl}/v1/admin/users/${heidi.userId}/related-party`, { method: 'PUT', body: JSON.stringify(body), headers: { authorization: `Bearer ${admin.token}`, 'idempotency-key': `key-${randomUUID()}` } });
  expect((await mark({ relatedParty: true, role: 'STAFF' })).body).toMatchObject({ userId: heidi.userId, relatedParty: true, role: 'STAFF' });
  const profile = async () => (await documents().send(new GetCommand({ TableName: twin().tableName, Key: { pk: `USER#${heidi.userId}`, sk: 'PROFILE' }, ConsistentRead: true }))).Item;
  expect(await profile()).toMatchObject({ relatedParty: true, relatedPartyRole: 'STAFF', changedBy: admin.userId });
  const related = await heidi.post('/v1/loan-applications', application());
  expect([related.status, reasonsOf(related.body)]).toEqual([422, ['RELATED_PARTY_SELF_FINANCING']]);
  expect((await json(`${twin().apiUrl}/v1/admin/users/${heidi.userId}/related-party`, { method: 'PUT', body: '{"relatedParty":false}', headers: { authorization: `Bearer ${heidi.token}`, 'idempotency-key': 'k' } })).status).toBe(403);
  expect((await mark({ relatedParty: false })).status).toBe(200);
  expect((await profile())?.relatedPartyRole).toBeUndefined();

  // Born 2015: under 18 on any day of the platform clock's decade.
  await documents().send(new UpdateCommand({ TableName: twin().tableName, Key: { pk: `USER#${heidi.userId}`, sk: 'PROFILE' }, UpdateExpression: 'SET verification.birthDate = :born', ExpressionAttributeValues: { ':born': '2015-06-01' } }));
  const young = await heidi.post('/v1/loan-applications', application());
  expect([young.status, reasonsOf(young.body)]).toEqual([422, ['BORROWER_UNDER_18']]);
  expect(await myLoans()).toBe(0);
}, 60_000);
