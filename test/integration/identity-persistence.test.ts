/**
 * The twin's users survive a restart over the same data folder: the same user signs
 * in with the same userId and profile, an earlier refresh token still works, the staff
 * accounts are not seeded twice, and the user pool's file holds no password. A profile kept
 * from before the admins' user list is put into its directory at start-up.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, startTwinProcess, type RunningTwin } from '../support/twin-process';
import { tableClient } from '../support/custody';

let dataDir: string;
let twin: RunningTwin | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'twin-identity-'));
});
afterAll(async () => {
  await twin?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) => json(`${twin!.apiUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
const password = 'Correct-horse-9!';

test('users, roles, refresh tokens and staff accounts persist across a restart', async () => {
  twin = await startTwinProcess({ dataDir });
  const { body } = await post('/v1/auth/register', { username: 'judy', password, roles: ['investor'] });
  const before = await post('/v1/auth/login', { username: 'judy', password });
  const adminBefore = await post('/v1/auth/login', { username: 'admin', password: 'Admin-local-2026!' });
  // judy's profile as written before the user directory: without its directory keys.
  const documents = tableClient(twin);
  await documents.send(new UpdateCommand({ TableName: twin.tableName, Key: { pk: `USER#${body.userId}`, sk: 'PROFILE' }, UpdateExpression: 'REMOVE ownerPk, ownerSk' }));
  documents.destroy();
  const listJudy = async (token: string) => (await json(`${twin!.apiUrl}/v1/admin/users?username=judy`, { headers: { authorization: `Bearer ${token}` } })).body.items;
  await expect(listJudy(adminBefore.body.accessToken)).resolves.toEqual([]);
  await twin.stop();

  twin = await startTwinProcess({ dataDir });
  const after = await post('/v1/auth/login', { username: 'judy', password });
  expect(after.status).toBe(200);
  const profile = await json(`${twin.apiUrl}/v1/me`, { headers: { authorization: `Bearer ${after.body.accessToken}` } });
  expect(profile.body).toMatchObject({ userId: body.userId, username: 'judy', roles: ['investor'] });
  expect((await post('/v1/auth/refresh', { refreshToken: before.body.refreshToken })).status).toBe(200);

  const adminAfter = await post('/v1/auth/login', { username: 'admin', password: 'Admin-local-2026!' });
  const subOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub as string;
  expect(subOf(adminAfter.body.accessToken)).toBe(subOf(adminBefore.body.accessToken));
  await expect(listJudy(adminAfter.body.accessToken)).resolves.toEqual([expect.objectContaining({ userId: body.userId, username: 'judy', roles: ['investor'] })]);

  const pool = await readFile(join(dataDir, 'cognito', 'user-pool.json'), 'utf8');
  expect(JSON.parse(pool).users.map((user: { username: string }) => user.username).sort()).toEqual(['admin', 'auditor', 'judy', 'reviewer']);
  for (const secret of [password, 'Admin-local-2026!', before.body.refreshToken]) expect(pool).not.toContain(secret);
}, 400_000);
