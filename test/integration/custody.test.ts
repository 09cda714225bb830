/**
 * Custody accounts through the twin's HTTP API and the custodian-bank simulator over
 * real HTTP: deposits confirmed by signed callbacks, callbacks that must change
 * nothing (forged, tampered, replayed, late), withdrawals that can never exceed the
 * available balance, idempotency, object-level authorisation, the transaction list,
 * and the ledger's invariants after it all.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bank, customer, depositConfirmed, expectLedgerBalanced, sentAtOnce, settled, type Customer } from '../support/custody';
import { eventually, json, type RunningTwin } from '../support/twin-process';
import { twinWithClientsForThisFile } from '../support/listings';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let documents: DynamoDBDocumentClient;
beforeAll(() => {
  ({ twin, documents } = setup);
});

const callback = (body: string, headers: Record<string, string>) =>
  json(`${twin.apiUrl}/v1/custody/callbacks`, { method: 'POST', headers, body });

const eventFor = async (instructionId: string) =>
  eventually(async () => (await bank(twin).events()).find((event) => event.instructionId === instructionId), `the bank's event for ${instructionId}`);

/** The bank's event once it has been delivered at least once (the bank records the event before its first delivery). */
const deliveredEventFor = async (instructionId: string) =>
  eventually(
    async () => (await bank(twin).events()).find((event) => event.instructionId === instructionId && event.deliveries.length > 0),
    `the bank's delivered event for ${instructionId}`,
  );

test('a deposit is PENDING, then confirmed by the bank’s signed callback, and GET /v1/me/account shows it', async () => {
  const alice = await customer(twin, documents);
  const accepted = await alice.post('/v1/me/deposits', { amount: '1000.00' });
  expect(accepted.status).toBe(202);
  expect(accepted.body).toMatchObject({ type: 'deposit', amount: '1000.00' });
  expect(accepted.body.id).toMatch(/^dep_[0-9a-f]{32}$/);
  expect(['PENDING', 'CONFIRMED']).toContain(accepted.body.status);

  expect(await settled(alice, 'deposits', accepted.body.id)).toMatchObject({ status: 'CONFIRMED', amount: '1000.00', settledAt: expect.any(String) });
  const account = await alice.get('/v1/me/account');
  expect(account.status).toBe(200);
  expect(account.body).toMatchObject({ currency: 'CNY', available: '1000.00', frozen: '0.00', balance: '1000.00', totalDeposited: '1000.00', totalWithdrawn: '0.00' });
  // The sub-account was opened at the bank on first use and recorded on the profile.
  const subAccount = (await bank(twin).subAccounts()).find((candidate) => candidate.ownerRef === alice.userId);
  expect(account.body.subAccountId).toBe(subAccount.subAccountId);
  expect(subAccount.balance).toBe('1000.00');
  // The bank's callback was signed over `${timestamp}.${rawBody}` and accepted on its first delivery.
  const event = await deliveredEventFor(accepted.body.id);
  expect(event).toMatchObject({ type: 'deposit.succeeded', status: 'DELIVERED' });
  expect(event.deliveries.map((delivery: { responseStatus: number }) => delivery.responseStatus)).toEqual([200]);
});

test('only verified borrowers and investors deposit; an Idempotency-Key is required; bad amounts change nothing', async () => {
  const unverified = await customer(twin, documents, { verified: false });
  expect((await unverified.post('/v1/me/deposits', { amount: '10.00' })).status).toBe(403);
  const auditor = await customer(twin, documents, { roles: ['auditor'] });
  expect((await auditor.post('/v1/me/deposits', { amount: '10.00' })).status).toBe(403);
  const bob = await customer(twin, documents);
  const withoutKey = await json(`${twin.apiUrl}/v1/me/deposits`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}` }, body: JSON.stringify({ amount: '10.00' }) });
  expect(withoutKey.status).toBe(400);
  for (const amount of [10, '0.00', '-1.00', '1.001', '1000000.01', '1e3']) {
    expect({ amount, status: (await bob.post('/v1/me/deposits', { amount })).status }).toEqual({ amount, status: 400 });
  }
  expect((await bob.get('/v1/me/transactions')).body.items).toEqual([]);
  expect((await json(`${twin.apiUrl}/v1/me/deposits`, { method: 'POST', body: '{"amount":"10.00"}' })).status).toBe(401);
});

test('forged, tampered, replayed and late callbacks change nothing', async () => {
  const carol = await customer(twin, documents);
  const firstId = await depositConfirmed(carol, '200.00');
  const delivered = await deliveredEventFor(firstId);
  const { timestamp, signature } = delivered.deliveries[0];
  const signedHeaders = { 'x-custody-timestamp': timestamp, 'x-custody-signature': signature };

  // Replayed exactly as delivered (within the window): 200, a duplicate, nothing moves.
  const replay = await callback(delivered.body, signedHeaders);
  expect(replay.status).toBe(200);
  expect(replay.body).toMatchObject({ eventId: delivered.eventId, duplicate: true });

  // Tampered: the amount changed under the bank's signature.
  const tampered = await callback(delivered.body.replace('"amount":"200.00"', '"amount":"900.00"'), signedHeaders);
  expect(tampered.status).toBe(401);
  expect(tampered.headers.get('content-type')).toBe('application/problem+json');
  expect((await callback(delivered.body, { 'x-custody-timestamp': timestamp })).status).toBe(401);

  // Hold the bank's callbacks: the next deposit waits at PENDING with its event signed now.
  await bank(twin).hold(true);
  const pending = await carol.post('/v1/me/deposits', { amount: '50.00' });
  expect(pending.status).toBe(202);
  const held = await eventFor(pending.body.id);
  expect(held.status).toBe('HELD');

  // Forged: a well-formed confirmation of that deposit, signed with another secret.
  const forgedBody = JSON.stringify({ ...JSON.parse(held.body), eventId: `EV-forged-${randomUUID()}` });
  const forgedAt = String(Math.floor(Date.now() / 1000));
  const forged = await callback(forgedBody, {
    'x-custody-timestamp': forgedAt,
    'x-custody-signature': `v1=${createHmac('sha256', 'not-the-shared-secret').update(`${forgedAt}.${forgedBody}`).digest('hex')}`,
  });
  expect(forged.status).toBe(401);

  // Late: the held event delivered six minutes after the bank signed it.
  await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT6M' }) });
  const late = await bank(twin).deliver(held.eventId);
  expect(late.body.responseStatus).toBe(401);

  expect((await carol.get(`/v1/me/deposits/${pending.body.id}`)).body.status).toBe('PENDING');
  expect((await carol.get('/v1/me/account')).body).toMatchObject({ available: '200.00', totalDeposited: '200.00' });

  // Released, the bank redelivers with a fresh signature: confirmed once.
  await bank(twin).hold(false);
  expect((await settled(carol, 'deposits', pending.body.id)).status).toBe('CONFIRMED');
  expect((await carol.get('/v1/me/account')).body).toMatchObject({ available: '250.00', totalDeposited: '250.00' });
});

test('the bank’s documented test amounts: .13 is declined, .17 is delivered twice and credited once', async () => {
  const dave = await customer(twin, documents);
  const declined = await dave.post('/v1/me/deposits', { amount: '88.13' });
  expect(await settled(dave, 'deposits', declined.body.id)).toMatchObject({ status: 'FAILED', failureReason: 'PAYMENT_DECLINED' });
  const twice = await dave.post('/v1/me/deposits', { amount: '66.17' });
  expect((await settled(dave, 'deposits', twice.body.id)).status).toBe('CONFIRMED');
  const event = await eventually(async () => {
    const found = (await bank(twin).events()).find((candidate) => candidate.instructionId === twice.body.id);
    return found?.status === 'DELIVERED' ? found : undefined;
  }, 'both deliveries');
  expect(event.deliveries.map((delivery: { responseStatus: number }) => delivery.responseStatus)).toEqual([200, 200]);
  expect((await dave.get('/v1/me/account')).body).toMatchObject({ available: '66.17', totalDeposited: '66.17' });
});

test('ten concurrent withdrawals, each for the whole balance: exactly one is confirmed, the others refused', async () => {
  const erin = await customer(twin, documents);
  await depositConfirmed(erin, '300.00');
  const attempts = await Promise.all(Array.from({ length: 10 }, () => erin.post('/v1/me/withdrawals', { amount: '300.00' })));
  const accepted = attempts.filter((attempt) => attempt.status === 202);
  const refused = attempts.filter((attempt) => attempt.status === 422);
  expect(accepted).toHaveLength(1);
  expect(refused).toHaveLength(9);
  for (const refusal of refused) expect(refusal.body.detail).toMatch(/insufficient/);
  expect(await settled(erin, 'withdrawals', accepted[0]!.body.id)).toMatchObject({ status: 'CONFIRMED', amount: '300.00' });
  expect((await erin.get('/v1/me/account')).body).toMatchObject({ available: '0.00', frozen: '0.00', totalDeposited: '300.00', totalWithdrawn: '300.00' });
  expect((await bank(twin).subAccounts()).find((account) => account.ownerRef === erin.userId).balance).toBe('0.00');
  // Nothing is left to withdraw.
  expect((await erin.post('/v1/me/withdrawals', { amount: '0.01' })).status).toBe(422);
}, 30_000);

test('a withdrawal is frozen at once; one the bank rejects (.14) is unfrozen, exactly once', async () => {
  const frank = await customer(twin, documents);
  await depositConfirmed(frank, '100.00');
  await bank(twin).hold(true);
  const withdrawal = await frank.post('/v1/me/withdrawals', { amount: '40.14' });
  expect(withdrawal.status).toBe(202);
  expect(withdrawal.body.status).toBe('PENDING');
  expect((await frank.get('/v1/me/account')).body).toMatchObject({ available: '59.86', frozen: '40.14', balance: '100.00' });
  const held = await eventFor(withdrawal.body.id);
  await bank(twin).hold(false);
  expect(await settled(frank, 'withdrawals', withdrawal.body.id)).toMatchObject({ status: 'FAILED', failureReason: 'PAYEE_CARD_REJECTED' });
  expect((await frank.get('/v1/me/account')).body).toMatchObject({ available: '100.00', frozen: '0.00', totalWithdrawn: '0.00' });
  // The failure replayed (as the bank redelivered it): still unfrozen once.
  const delivered = (await deliveredEventFor(withdrawal.body.id)).deliveries.at(-1);
  const replay = await callback(held.body, { 'x-custody-timestamp': delivered.timestamp, 'x-custody-signature': delivered.signature });
  expect(replay.body.duplicate).toBe(true);
  expect((await frank.get('/v1/me/account')).body).toMatchObject({ available: '100.00', frozen: '0.00' });
});

test('the same Idempotency-Key ten times, in a row and at once, gives one deposit', async () => {
  const grace = await customer(twin, documents);
  const sequential: Array<Awaited<ReturnType<Customer["post"]>>> = [];
  for (let attempt = 0; attempt < 10; attempt += 1) sequential.push(await grace.post('/v1/me/deposits', { amount: '12.34' }, 'same-key-sequential'));
  const { answers: concurrent, toldStillRunning } = await sentAtOnce(10, () => grace.post('/v1/me/deposits', { amount: '5.00' }, 'same-key-concurrent'));
  expect(toldStillRunning.every((response) => response.headers.get('retry-after') === '1')).toBe(true);
  for (const responses of [sequential, concurrent]) {
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(202));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
  }
  await settled(grace, 'deposits', sequential[0]!.body.id);
  await settled(grace, 'deposits', concurrent[0]!.body.id);
  expect((await grace.post('/v1/me/deposits', { amount: '99.00' }, 'same-key-sequential')).status).toBe(422);
  expect((await grace.get('/v1/me/transactions')).body.items).toHaveLength(2);
  expect((await grace.get('/v1/me/account')).body).toMatchObject({ available: '17.34', totalDeposited: '17.34' });
  const instructions = (await bank(twin).events()).filter((event) => [sequential[0]!.body.id, concurrent[0]!.body.id].includes(event.instructionId));
  expect(instructions).toHaveLength(2);
});

test('another user’s deposit and withdrawal ids are never readable', async () => {
  const owner = await customer(twin, documents);
  const depositId = await depositConfirmed(owner, '20.00');
  const withdrawal = await owner.post('/v1/me/withdrawals', { amount: '5.00' });
  await settled(owner, 'withdrawals', withdrawal.body.id);
  const intruder = await customer(twin, documents);
  for (const path of [`/v1/me/deposits/${depositId}`, `/v1/me/withdrawals/${withdrawal.body.id}`, `/v1/me/withdrawals/${depositId}`]) {
    const response = await intruder.get(path);
    expect({ path, status: response.status }).toEqual({ path, status: 404 });
    expect(JSON.stringify(response.body)).not.toContain('20.00');
  }
  expect((await owner.get(`/v1/me/withdrawals/${depositId}`)).status).toBe(404);
  expect((await owner.get('/v1/me/deposits/not-an-id')).status).toBe(400);
  const auditor = await customer(twin, documents, { roles: ['auditor'] });
  expect((await auditor.get(`/v1/me/deposits/${depositId}`)).status).toBe(403);
  // The owner's cursor is no key to anyone else's list.
  const page = await owner.get('/v1/me/transactions?limit=1');
  expect(page.body.nextCursor).toEqual(expect.any(String));
  expect((await intruder.get(`/v1/me/transactions?cursor=${page.body.nextCursor}`)).status).toBe(400);
  expect((await intruder.get('/v1/me/account')).body).toMatchObject({ available: '0.00', totalDeposited: '0.00' });
});

test('transactions: newest first, paged by an opaque cursor, filtered by type and business date', async () => {
  const heidi: Customer = await customer(twin, documents);
  for (const amount of ['1.00', '2.00', '3.00']) await depositConfirmed(heidi, amount);
  for (const amount of ['0.50', '0.25']) await settled(heidi, 'withdrawals', (await heidi.post('/v1/me/withdrawals', { amount })).body.id);

  const seen: Array<{ type: string; amount: string; createdAt: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await heidi.get(`/v1/me/transactions?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(seen.map((item) => `${item.type} ${item.amount}`)).toEqual(['withdrawal 0.25', 'withdrawal 0.50', 'deposit 3.00', 'deposit 2.00', 'deposit 1.00']);
  expect([...seen].sort((a, b) => b.createdAt.localeCompare(a.createdAt))).toEqual(seen);

  const deposits = await heidi.get('/v1/me/transactions?type=deposit&limit=10');
  expect(deposits.body.items.map((item: { amount: string }) => item.amount)).toEqual(['3.00', '2.00', '1.00']);
  const today = (await json(`${twin.apiUrl}/_twin/clock`)).body.now as string;
  const shanghaiToday = new Date(Date.parse(today) + 8 * 3600_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.parse(today) + 32 * 3600_000).toISOString().slice(0, 10);
  expect((await heidi.get(`/v1/me/transactions?from=${shanghaiToday}&to=${shanghaiToday}&type=withdrawal`)).body.items).toHaveLength(2);
  expect((await heidi.get(`/v1/me/transactions?from=${tomorrow}`)).body.items).toEqual([]);
  for (const query of ['type=loan', 'limit=0', 'limit=101', 'from=2026-13-01', 'cursor=bm90LWEta2V5', `from=${tomorrow}&to=${shanghaiToday}`]) {
    expect({ query, status: (await heidi.get(`/v1/me/transactions?${query}`)).status }).toEqual({ query, status: 400 });
  }
});

test('after all of it the ledger sums to zero and mirrors the bank’s sub-accounts exactly', async () => {
  // Wait until the bank has nothing in flight, then check the invariants.
  await eventually(async () => ((await bank(twin).events()).every((event) => event.status === 'DELIVERED') ? true : undefined), 'every callback delivered');
  await expectLedgerBalanced(twin, documents);
});
