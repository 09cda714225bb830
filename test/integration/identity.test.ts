/**
 * Users and authentication through the twin as `npm start` runs it: the handlers reach
 * the twin's Cognito endpoint through the SDK, and the gateway checks the tokens it
 * signs like API Gateway's JWT authorizer.
 */
import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, randomUUID } from 'node:crypto';
import { json, twinForThisFile } from '../support/twin-process';

const current = twinForThisFile();
let api: string;
beforeAll(() => {
  api = current().apiUrl;
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) => json(`${api}${path}`, { method: 'POST', body: JSON.stringify(body), headers });
const register = (username: string, password: string, roles: string[] = ['borrower']) => post('/v1/auth/register', { username, password, roles });
const login = (username: string, password: string) => post('/v1/auth/login', { username, password });
const me = (accessToken: string) => json(`${api}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const setRoles = (adminToken: string, userId: string, roles: string[], key = randomUUID()) =>
  json(`${api}/v1/admin/users/${userId}/roles`, { method: 'PUT', body: JSON.stringify({ roles }), headers: { authorization: `Bearer ${adminToken}`, 'idempotency-key': key } });

async function signedIn(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await login(username, password);
  expect(response.status).toBe(200);
  return response.body;
}

const password = 'Correct-horse-9!';

test('register → login → GET /v1/me; the password is nowhere in the table, in plain or hashed form', async () => {
  const registered = await register('Alice', password, ['investor', 'borrower']);
  expect(registered.status).toBe(201);
  const { userId } = registered.body;

  const tokens = await login('alice', password);
  expect(tokens.status).toBe(200);
  expect(tokens.headers.get('cache-control')).toBe('no-store');
  expect(tokens.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 3600, tokenType: 'Bearer' });
  expect(claimsOf(tokens.body.accessToken)).toMatchObject({ sub: userId, username: 'alice', 'cognito:groups': ['borrower', 'investor'] });

  const profile = await me(tokens.body.accessToken);
  expect(profile.status).toBe(200);
  expect(profile.body).toEqual({ userId, username: 'alice', roles: ['borrower', 'investor'], createdAt: expect.any(String) });

  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: current().dynamoDbUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' } }),
  );
  const table = JSON.stringify((await documents.send(new ScanCommand({ TableName: current().tableName }))).Items);
  expect(table).toContain(userId);
  for (const form of [password, createHash('sha256').update(password).digest('hex'), createHash('sha256').update(password).digest('base64')]) expect(table).not.toContain(form);
  documents.destroy();
});

test('a wrong password and an unknown user get the same 401', async () => {
  await register('bob', password);
  const wrongPassword = await login('bob', 'Wrong-horse-9!!');
  const unknownUser = await login('nobody-here', password);
  for (const response of [wrongPassword, unknownUser]) {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  }
  const { instance: _a, ...first } = wrongPassword.body;
  const { instance: _b, ...second } = unknownUser.body;
  expect(first).toEqual(second);
  expect(first).toMatchObject({ type: 'urn:problem:unauthenticated', status: 401 });
});

test('a taken username is 409; the same registration again is 201 with the same userId; staff roles and weak passwords are 400', async () => {
  const first = await register('carol', password, ['investor']);
  expect(first.status).toBe(201);
  const taken = await register('carol', 'Another-horse-9!', ['investor']);
  expect(taken.status).toBe(409);
  expect(taken.body.type).toBe('urn:problem:conflict');
  const again = await register('carol', password, ['investor']);
  expect(again).toMatchObject({ status: 201, body: { userId: first.body.userId } });

  expect((await register('dave', password, ['admin'])).status).toBe(400);
  expect((await register('dave', password, [])).status).toBe(400);
  const weak = await register('dave', 'weak-password');
  expect(weak.status).toBe(400);
  expect(weak.body.errors).toEqual([{ path: 'body.password', message: expect.stringContaining('Password must have') }]);
  expect((await login('dave', 'weak-password')).status).toBe(401);
});

test('a registration the identity provider accepted but that never finished is finished by sending it again', async () => {
  // What is left when the profile write fails after Cognito accepted the user.
  const cognito = new CognitoIdentityProviderClient({ endpoint: current().cognitoUrl, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: current().controlSecret } });
  const { User } = await cognito.send(
    new AdminCreateUserCommand({ UserPoolId: 'local_TwinUserPool', Username: 'erin', TemporaryPassword: password, MessageAction: 'SUPPRESS' }),
  );
  cognito.destroy();
  const sub = User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  expect((await login('erin', password)).status).toBe(401);

  expect((await register('erin', 'Stranger-pass-9!')).status).toBe(409);
  const finished = await register('erin', password);
  expect(finished).toMatchObject({ status: 201, body: { userId: sub } });
  const { accessToken } = await signedIn('erin', password);
  expect((await me(accessToken)).body).toMatchObject({ userId: sub, username: 'erin', roles: ['borrower'] });
});

test('a refresh token gives a new access token that works; a forged one is 401', async () => {
  await register('frank', password);
  const { refreshToken } = await signedIn('frank', password);
  const refreshed = await post('/v1/auth/refresh', { refreshToken });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body).toEqual({ accessToken: expect.any(String), expiresIn: 3600, tokenType: 'Bearer' });
  expect((await me(refreshed.body.accessToken)).status).toBe(200);
  expect((await post('/v1/auth/refresh', { refreshToken: 'forged' })).status).toBe(401);
});

test('the admin route: 401 without a token, 403 for a borrower', async () => {
  const { body } = await register('grace', password);
  const { accessToken } = await signedIn('grace', password);
  const forbidden = await setRoles(accessToken, body.userId, ['borrower', 'reviewer']);
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.type).toBe('urn:problem:forbidden');
  expect((await json(`${api}/v1/admin/users/${body.userId}/roles`, { method: 'PUT', body: '{"roles":["admin"]}' })).status).toBe(401);
  expect(claimsOf((await signedIn('grace', password)).accessToken)['cognito:groups']).toEqual(['borrower']);
});

test("the seeded admin grants reviewer: the user's next token carries it; revoking takes it away", async () => {
  const { body } = await register('heidi', password, ['investor']);
  const { refreshToken } = await signedIn('heidi', password);
  const admin = await signedIn('admin', 'Admin-local-2026!');

  const key = randomUUID();
  const granted = await setRoles(admin.accessToken, body.userId, ['investor', 'reviewer'], key);
  expect(granted).toMatchObject({ status: 200, body: { userId: body.userId, username: 'heidi', roles: ['investor', 'reviewer'] } });
  const replayed = await setRoles(admin.accessToken, body.userId, ['investor', 'reviewer'], key);
  expect(replayed.headers.get('idempotency-replayed')).toBe('true');

  const next = await post('/v1/auth/refresh', { refreshToken });
  expect(claimsOf(next.body.accessToken)['cognito:groups']).toEqual(['investor', 'reviewer']);
  expect((await me(next.body.accessToken)).body.roles).toEqual(['investor', 'reviewer']);

  expect((await setRoles(admin.accessToken, body.userId, ['investor'])).status).toBe(200);
  expect(claimsOf((await signedIn('heidi', password)).accessToken)['cognito:groups']).toEqual(['investor']);

  expect((await setRoles(admin.accessToken, 'no-such-user', ['investor'])).status).toBe(404);
  const adminId = claimsOf(admin.accessToken).sub as string;
  expect((await setRoles(admin.accessToken, adminId, ['auditor'])).status).toBe(422);
});

test('the seeded reviewer and auditor sign in with their roles and profiles', async () => {
  for (const [username, staffPassword] of [['reviewer', 'Reviewer-local-2026!'], ['auditor', 'Auditor-local-2026!']] as const) {
    const { accessToken } = await signedIn(username, staffPassword);
    expect(claimsOf(accessToken)['cognito:groups']).toEqual([username]);
    expect((await me(accessToken)).body).toMatchObject({ username, roles: [username] });
  }
});

test('an access token expires on the twin clock: the gateway refuses it after 2 hours; the refresh token still works', async () => {
  await register('ivan', password);
  const { accessToken, refreshToken } = await signedIn('ivan', password);
  expect((await me(accessToken)).status).toBe(200);
  expect((await post('/_twin/clock', { advance: 'PT2H' })).status).toBe(200);
  const expired = await me(accessToken);
  expect(expired).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
  const refreshed = await post('/v1/auth/refresh', { refreshToken });
  expect((await me(refreshed.body.accessToken)).status).toBe(200);
});

test('the admin lists users by the start of a username and by role, in username order, masked, paged; a bad filter is 400; only admins', async () => {
  const borrower = await register('judy-1', password, ['borrower']);
  await register('judy-2', password, ['investor']);
  await register('judy-3', password, ['investor', 'borrower']);
  const admin = await signedIn('admin', 'Admin-local-2026!');
  const list = (query: string, token = admin.accessToken) => json(`${api}/v1/admin/users?${query}`, { headers: { authorization: `Bearer ${token}` } });

  const judys = await list('username=JUDY');
  expect(judys.status).toBe(200);
  expect(judys.body.items.map((user: { username: string }) => user.username)).toEqual(['judy-1', 'judy-2', 'judy-3']);
  expect(judys.body.items[0]).toEqual({ userId: borrower.body.userId, username: 'judy-1', roles: ['borrower'], createdAt: expect.any(String), relatedParty: false });

  const first = await list('username=judy&limit=2');
  expect(first.body.items).toHaveLength(2);
  const second = await list(`username=judy&limit=2&cursor=${first.body.nextCursor}`);
  expect(second.body.items.map((user: { username: string }) => user.username)).toEqual(['judy-3']);

  const investors = await list('username=judy&role=investor');
  expect(investors.body.items.map((user: { username: string }) => user.username)).toEqual(['judy-2', 'judy-3']);
  const staff = await list('role=auditor');
  expect(staff.body.items.map((user: { username: string }) => user.username)).toContain('auditor');

  const bad = await list('username=no%20spaces');
  expect(bad).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path: 'query.username' })] } });
  expect((await list('role=king')).status).toBe(400);
  expect((await list('username=judy', (await signedIn('judy-1', password)).accessToken)).status).toBe(403);
});
