/**
 * Real-name verification and the investor risk assessment through the twin (the
 * simulator answers for the identity provider; the PII vault uses the twin's local
 * keys): masked values on the profile and no plaintext ID, phone, card or name
 * anywhere in the table; checksum failures, provider rejections, duplicate
 * identities, roles and Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { userKey } from '../../functions/adapters/dynamodb/user-repository';
import { advanceClock, everySchedule, withSchedulesDisabled } from '../support/servicing';
import { json, twinForThisFile } from '../support/twin-process';
import { boldAnswers } from '../fixtures/risk-answers';

const current = twinForThisFile();
let documents: DynamoDBDocumentClient;
beforeAll(() => {
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: current().dynamoDbUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' } }),
  );
});
afterAll(() => documents?.destroy());

const zhangSan = { kind: 'personal', realName: '张三丰', idNumber: '110105199003071239', phone: '13812345678', bankCard: '6222021234561236' } as const;
const enterprise = {
  kind: 'enterprise',
  companyName: '福州某某科技有限公司',
  creditCode: '91350100M000100Y43',
  legalRepresentative: { name: '欧阳娜娜', idNumber: '440306198512124561' },
  phone: '13912345678',
  bankCard: '6217000000000000004',
} as const;
/** A registered user: the profile registration creates, and an access token. */
async function user(roles: string[]): Promise<{ userId: string; token: string }> {
  const userId = `user-${randomUUID()}`;
  await documents.send(
    new PutCommand({
      TableName: current().tableName,
      Item: { ...userKey(userId), userId, username: `${userId}@example.com`, roles, createdAt: new Date().toISOString() },
    }),
  );
  const issued = await json(`${current().apiUrl}/_twin/tokens`, { method: 'POST', body: JSON.stringify({ sub: userId, roles }) });
  return { userId, token: issued.body.accessToken };
}

function post(path: string, token: string, body: unknown, idempotencyKey: string | null = `key-${randomUUID()}`) {
  return json(`${current().apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }) },
    body: JSON.stringify(body),
  });
}

const profileOf = async (userId: string) => (await documents.send(new GetCommand({ TableName: current().tableName, Key: userKey(userId), ConsistentRead: true }))).Item;
const itemsOf = async (userId: string) => (await scanTable()).filter((item) => item.pk === `USER#${userId}` || item.userId === userId);

async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: current().tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

test('a person is verified: the profile shows masked values, the claim is sealed, and no plaintext is anywhere in the table', async () => {
  const alice = await user(['borrower', 'investor']);
  const key = `key-${randomUUID()}`;
  const verified = await post('/v1/me/verification', alice.token, zhangSan, key);
  expect(verified.status).toBe(200);
  const masked = { realName: '张**', idNumber: '110***********1239', phone: '138****5678', bankCard: '6222********1236' };
  expect(verified.body).toEqual({ status: 'VERIFIED', kind: 'personal', verifiedAt: expect.any(String), masked });

  const profile = await profileOf(alice.userId);
  expect(profile?.verification).toEqual({ status: 'VERIFIED', kind: 'personal', verifiedAt: verified.body.verifiedAt, masked, birthDate: '1990-03-07' });
  const sealed = (await itemsOf(alice.userId)).find((item) => item.sk === 'PII');
  expect(sealed).toMatchObject({ kind: 'personal', provider: 'simulator', blindIndex: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(sealed?.identity).toMatchObject({ format: 'pii-envelope/1', keyEncryption: 'local' });
  const owner = (await scanTable()).find((item) => item.pk === `IDENTITY#${String(sealed?.blindIndex)}`);
  expect(owner).toMatchObject({ sk: 'OWNER', userId: alice.userId, kind: 'personal' });

  // The replay answers the same, once.
  const replay = await post('/v1/me/verification', alice.token, zhangSan, key);
  expect([replay.status, replay.headers.get('idempotency-replayed')]).toEqual([200, 'true']);
  expect(replay.body).toEqual(verified.body);

  const everything = JSON.stringify(await scanTable());
  for (const plaintext of [zhangSan.idNumber, zhangSan.phone, zhangSan.bankCard, zhangSan.realName, '19900307123']) expect(everything).not.toContain(plaintext);
});

test('verifying a verified user again is a 409', async () => {
  const bob = await user(['investor']);
  const claim = { ...zhangSan, idNumber: '11010519491231002X', phone: '13700001111', bankCard: '6228480012345678903' };
  expect((await post('/v1/me/verification', bob.token, claim)).status).toBe(200);
  const again = await post('/v1/me/verification', bob.token, claim);
  expect(again.status).toBe(409);
  expect(again.body.detail).toMatch(/already verified/);
});

test('checksum failures are a 400 with field errors, and nothing is written', async () => {
  const carol = await user(['borrower']);
  const before = (await scanTable()).filter((item) => String(item.pk).startsWith('IDENTITY#')).length;
  const bad = { ...zhangSan, idNumber: '110105199003071238', phone: '12812345678', bankCard: '6222021234561237' };
  const refused = await post('/v1/me/verification', carol.token, bad);
  expect(refused.status).toBe(400);
  expect(refused.headers.get('content-type')).toBe('application/problem+json');
  expect(refused.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.idNumber', 'body.phone', 'body.bankCard']);
  expect(JSON.stringify(refused.body)).not.toContain(bad.idNumber);
  const badCreditCode = await post('/v1/me/verification', carol.token, { ...enterprise, creditCode: '91350100M000100Y44' });
  expect(badCreditCode.body.errors).toEqual([{ path: 'body.creditCode', message: expect.stringMatching(/GB 32100/) }]);
  const malformed = await post('/v1/me/verification', carol.token, { kind: 'personal', realName: '张三' });
  expect(malformed.status).toBe(400);

  expect((await profileOf(carol.userId))?.verification).toBeUndefined();
  expect((await itemsOf(carol.userId)).map((item) => item.sk)).toEqual(['PROFILE']);
  expect((await scanTable()).filter((item) => String(item.pk).startsWith('IDENTITY#')).length).toBe(before);
});

test('a provider rejection is a 422 with its reason codes, recorded on the profile; a corrected claim then passes', async () => {
  const dave = await user(['investor']);
  const nameMismatch = { ...zhangSan, idNumber: '110105199003079994', phone: '17012345678' };
  const rejected = await post('/v1/me/verification', dave.token, nameMismatch);
  expect(rejected.status).toBe(422);
  expect(rejected.body.errors).toEqual([
    { path: 'body.realName', message: 'NAME_MISMATCH' },
    { path: 'body.phone', message: 'PHONE_NOT_OWNED' },
  ]);
  expect((await profileOf(dave.userId))?.verification).toEqual({
    status: 'REJECTED',
    kind: 'personal',
    verifiedAt: expect.any(String),
    masked: { realName: '张**', idNumber: '110***********9994', phone: '170****5678', bankCard: '6222********1236' },
    reasons: ['NAME_MISMATCH', 'PHONE_NOT_OWNED'],
  });
  // Nothing sealed or indexed: the profile's record, and the rejection's notice, which the table
  // stream's consumer writes after the request. A clock move of nothing returns once it has run.
  await advanceClock(current(), 'PT0S');
  const written = await itemsOf(dave.userId);
  expect(written.map((item) => item.sk).sort()).toEqual(['NOTICE', 'NOTICE_INBOX', 'PROFILE']);
  expect(written.find((item) => item.sk === 'NOTICE')).toMatchObject({ kind: 'VERIFICATION_REJECTED' });

  const corrected = await post('/v1/me/verification', dave.token, { ...zhangSan, idNumber: '310104197806051233', phone: '13600000000' });
  expect(corrected.body.errors ?? []).toEqual([]);
  expect(corrected.status).toBe(200);
});

test('the same ID number on a second account is a 409, and the second account gets nothing', async () => {
  const first = await user(['borrower']);
  const second = await user(['borrower']);
  const claim = { ...zhangSan, idNumber: '440306198512124561', phone: '13512345678' };
  expect((await post('/v1/me/verification', first.token, claim)).status).toBe(200);
  const duplicate = await post('/v1/me/verification', second.token, { ...claim, phone: '13512340000', bankCard: '6222021234561236' });
  expect(duplicate.status).toBe(409);
  expect(duplicate.body.detail).toMatch(/another account/);
  expect((await profileOf(second.userId))?.verification).toBeUndefined();
  expect((await itemsOf(second.userId)).map((item) => item.sk)).toEqual(['PROFILE']);
});

test('an enterprise is verified by its credit code; the representative is masked', async () => {
  const company = await user(['borrower']);
  const verified = await post('/v1/me/verification', company.token, enterprise);
  expect(verified.status).toBe(200);
  expect(verified.body.masked).toEqual({
    companyName: enterprise.companyName,
    creditCode: '9135**********0Y43',
    legalRepresentativeName: '欧阳**',
    legalRepresentativeIdNumber: '440***********4561',
    phone: '139****5678',
    bankCard: '6217***********0004',
  });
});

test('the risk questionnaire gives the expected level for a year, stored on the profile with the answers kept', async () => {
  const erin = await user(['investor']);
  const clock = Date.parse((await json(`${current().apiUrl}/_twin/clock`)).body.now);
  const assessed = await post('/v1/me/risk-assessment', erin.token, { questionnaireVersion: '2026-1', answers: boldAnswers });
  expect(assessed.status).toBe(200);
  expect(assessed.body).toMatchObject({ level: 'C5', score: 100, questionnaireVersion: '2026-1', allowedGrades: ['A', 'B', 'C', 'D', 'E'], investmentLimit: '1000000.00' });
  expect(Date.parse(assessed.body.assessedAt)).toBeGreaterThanOrEqual(clock);
  const year = new Date(assessed.body.assessedAt);
  year.setUTCFullYear(year.getUTCFullYear() + 1);
  expect(assessed.body.expiresAt).toBe(year.toISOString());
  expect((await profileOf(erin.userId))?.riskAssessment).toEqual({
    level: 'C5',
    questionnaireVersion: '2026-1',
    assessedAt: assessed.body.assessedAt,
    expiresAt: assessed.body.expiresAt,
  });
  expect((await itemsOf(erin.userId)).find((item) => String(item.sk).startsWith('RISK_ASSESSMENT#'))).toMatchObject({ answers: boldAnswers, score: 100, level: 'C5' });

  const cautious = await post('/v1/me/risk-assessment', erin.token, { questionnaireVersion: '2026-1', answers: { ...boldAnswers, lossTolerance: 'NONE' } });
  expect(cautious.body).toMatchObject({ level: 'C1', allowedGrades: ['A'], investmentLimit: '50000.00' });
  expect((await profileOf(erin.userId))?.riskAssessment.level).toBe('C1');

  const unknown = await post('/v1/me/risk-assessment', erin.token, { questionnaireVersion: '2025-1', answers: boldAnswers });
  expect(unknown.status).toBe(400);
});

test('roles, profiles and Idempotency-Key: a borrower-only caller on the risk route is a 403, no profile a 404, no key a 400', async () => {
  const borrower = await user(['borrower']);
  expect((await post('/v1/me/risk-assessment', borrower.token, { questionnaireVersion: '2026-1', answers: boldAnswers })).status).toBe(403);
  const reviewer = await user(['reviewer']);
  expect((await post('/v1/me/verification', reviewer.token, zhangSan)).status).toBe(403);

  const stranger = await json(`${current().apiUrl}/_twin/tokens`, { method: 'POST', body: JSON.stringify({ sub: `user-${randomUUID()}`, roles: ['investor'] }) });
  expect((await post('/v1/me/risk-assessment', stranger.body.accessToken, { questionnaireVersion: '2026-1', answers: boldAnswers })).status).toBe(404);
  expect((await post('/v1/me/verification', stranger.body.accessToken, { ...zhangSan, idNumber: '310104197806053212' })).status).toBe(404);

  const investor = await user(['investor']);
  const withoutKey = await post('/v1/me/risk-assessment', investor.token, { questionnaireVersion: '2026-1', answers: boldAnswers }, null);
  expect(withoutKey.status).toBe(400);
  expect(withoutKey.body.detail).toMatch(/Idempotency-Key/);
  expect((await post('/v1/me/verification', investor.token, zhangSan, null)).status).toBe(400);
  expect((await profileOf(investor.userId))?.riskAssessment).toBeUndefined();
});

test('a reassessment that raises the level waits 30 days (platform clock), one that lowers it is at once; every assessment is kept', async () => {
  let fay = await user(['investor']);
  const cautiousAnswers = { ...boldAnswers, lossTolerance: 'NONE' };
  expect((await post('/v1/me/risk-assessment', fay.token, { questionnaireVersion: '2026-1', answers: cautiousAnswers })).body).toMatchObject({ level: 'C1', assessedLevel: 'C1' });
  const raised = await post('/v1/me/risk-assessment', fay.token, { questionnaireVersion: '2026-1', answers: boldAnswers });
  expect(raised.status).toBe(200);
  expect(raised.body).toMatchObject({ level: 'C1', assessedLevel: 'C5', allowedGrades: ['A'], investmentLimit: '50000.00', pending: { level: 'C5' } });
  expect(Date.parse(raised.body.pending.effectiveFrom) - Date.parse(raised.body.assessedAt)).toBe(30 * 86_400_000);
  const me = async () => (await json(`${current().apiUrl}/v1/me`, { headers: { authorization: `Bearer ${fay.token}` } })).body;
  expect((await me()).riskAssessment).toMatchObject({ level: 'C1', pending: { level: 'C5', effectiveFrom: raised.body.pending.effectiveFrom } });
  expect((await itemsOf(fay.userId)).filter((item) => String(item.sk).startsWith('RISK_ASSESSMENT#')).map((item) => item.level).sort()).toEqual(['C1', 'C5']);

  // Thirty days of daily jobs this test does not examine: they are DISABLED meanwhile, as EventBridge Scheduler disables one.
  await withSchedulesDisabled(current(), everySchedule, () => advanceClock(current(), 'P30D'));
  // Tokens last an hour on the twin's clock: a new one for the same user.
  fay = { ...fay, token: (await json(`${current().apiUrl}/_twin/tokens`, { method: 'POST', body: JSON.stringify({ sub: fay.userId, roles: ['investor'] }) })).body.accessToken };
  const after = (await me()).riskAssessment;
  expect(after.level).toBe('C5');
  expect(after.pending).toBeUndefined();

  const lowered = await post('/v1/me/risk-assessment', fay.token, { questionnaireVersion: '2026-1', answers: cautiousAnswers });
  expect(lowered.body).toMatchObject({ level: 'C1', assessedLevel: 'C1' });
  expect(lowered.body.pending).toBeUndefined();
  expect((await me()).riskAssessment).toMatchObject({ level: 'C1' });
  expect((await itemsOf(fay.userId)).filter((item) => String(item.sk).startsWith('RISK_ASSESSMENT#'))).toHaveLength(3);
}, 60_000);
