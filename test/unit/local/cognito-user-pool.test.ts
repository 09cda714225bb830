/**
 * The twin's local user pool: the shared password policy, scrypt hashes with a salt
 * per user, sign-in that answers an unknown user like a wrong password, tokens the
 * gateway's verifier accepts, opaque refresh tokens kept only as hashes, expiries on
 * the twin's clock, and the pool kept in its file across a reopen.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwinClock } from '../../../lib/local/clock';
import { hashPassword, verifyPassword } from '../../../lib/local/cognito/passwords';
import { CognitoError, LocalUserPool, type AuthResult } from '../../../lib/local/cognito/user-pool';
import { LocalIdentityProvider } from '../../../lib/local/identity';
import { passwordPolicyViolations } from '../../../functions/core/password-policy';

const password = 'Correct-horse-9!';

test.each([
  ['Correct-horse-9!', []],
  ['Short-9!', ['Password not long enough']],
  ['correct-horse-9!', ['Password must have uppercase characters']],
  ['CORRECT-HORSE-9!', ['Password must have lowercase characters']],
  ['Correct-horse-X!', ['Password must have numeric characters']],
  ['Correcthorse9ab', ['Password must have symbol characters']],
  ['Correct horse 9a', []],
  [' Correcthorse9a', ['Password must have symbol characters']],
])('the password policy on %j', (candidate, violations) => {
  expect(passwordPolicyViolations(candidate)).toEqual(violations);
});

test('a hash is scrypt with its own salt: never the password, different each time, verified in constant time', async () => {
  const [first, second] = [await hashPassword(password), await hashPassword(password)];
  expect(first).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  expect(first).not.toContain(password);
  expect(first).not.toBe(second);
  expect(await verifyPassword(password, first)).toBe(true);
  expect(await verifyPassword('Correct-horse-9?', first)).toBe(false);
  expect(await verifyPassword(password, 'sha256$whatever')).toBe(false);
});

describe('the pool', () => {
  let directory: string;
  let clock: TwinClock;
  let identity: LocalIdentityProvider;
  let file: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'user-pool-'));
    file = join(directory, 'user-pool.json');
    clock = await TwinClock.open();
    identity = await LocalIdentityProvider.open({ issuer: 'urn:test:pool', clock });
  });
  afterEach(async () => {
    clock.stop();
    await rm(directory, { recursive: true, force: true });
  });

  const tokens = (result: AuthResult) => {
    if (result.kind !== 'tokens') throw new Error(`expected tokens, got ${result.kind}`);
    return result;
  };
  const failure = async (attempt: Promise<unknown>) => {
    const error = await attempt.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(CognitoError);
    return { type: (error as CognitoError).type, message: (error as CognitoError).message };
  };

  async function poolWithAlice() {
    const pool = await LocalUserPool.open({ file, clock, identity });
    const created = await pool.adminCreateUser('alice', password);
    return { pool, created };
  }

  test('a user created with a temporary password is challenged, then signs in once it is permanent', async () => {
    const { pool, created } = await poolWithAlice();
    expect(created.status).toBe('FORCE_CHANGE_PASSWORD');
    expect(await pool.signInWithPassword('alice', password)).toMatchObject({ kind: 'challenge', challenge: 'NEW_PASSWORD_REQUIRED' });
    await pool.adminSetUserPassword('alice', password, true);
    await pool.adminAddUserToGroup('alice', 'investor');
    const signedIn = tokens(await pool.signInWithPassword('alice', password));
    expect(signedIn.expiresIn).toBe(3600);
    expect(await identity.verify(signedIn.accessToken)).toMatchObject({ sub: created.sub, username: 'alice', 'cognito:groups': ['investor'], token_use: 'access' });
  });

  test('an unknown user and a wrong password get the same answer', async () => {
    const { pool } = await poolWithAlice();
    await pool.adminSetUserPassword('alice', password, true);
    const wrongPassword = await failure(pool.signInWithPassword('alice', 'Wrong-horse-9!!'));
    const unknownUser = await failure(pool.signInWithPassword('nobody', password));
    expect(wrongPassword).toEqual({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(unknownUser).toEqual(wrongPassword);
  });

  test('failed sign-ins lock the username out as Cognito does: five free, then 2^(n−5) s, the right password refused meanwhile', async () => {
    const { pool } = await poolWithAlice();
    await pool.adminSetUserPassword('alice', password, true);
    const wrong = () => failure(pool.signInWithPassword('alice', 'Wrong-horse-9!!'));
    const incorrect = { type: 'NotAuthorizedException', message: 'Incorrect username or password.' };
    const exceeded = { type: 'NotAuthorizedException', message: 'Password attempts exceeded' };
    for (let attempt = 1; attempt <= 5; attempt += 1) expect(await wrong()).toEqual(incorrect);
    // Locked for 1 s: every attempt, the right password too, is refused and does not count.
    for (let attempt = 1; attempt <= 20; attempt += 1) expect(await wrong()).toEqual(exceeded);
    expect(await failure(pool.signInWithPassword('alice', password))).toEqual(exceeded);
    await clock.advance(1_000);
    expect(await wrong()).toEqual(incorrect); // the 6th failure: locked for 2 s
    await clock.advance(1_000);
    expect(await failure(pool.signInWithPassword('alice', password))).toEqual(exceeded);
    await clock.advance(1_000);
    tokens(await pool.signInWithPassword('alice', password));
    // A success starts the count again; so do 15 quiet minutes.
    for (let attempt = 1; attempt <= 5; attempt += 1) expect(await wrong()).toEqual(incorrect);
    await clock.advance(15 * 60_000);
    expect(await wrong()).toEqual(incorrect);
    // An unknown username is counted the same way: the lockout tells nobody whether it exists.
    for (let attempt = 1; attempt <= 5; attempt += 1) expect(await failure(pool.signInWithPassword('nobody', password))).toEqual(incorrect);
    expect(await failure(pool.signInWithPassword('nobody', password))).toEqual(exceeded);
    // ~35 scrypt hashes (the cost is the point of them): minutes on a loaded machine, never a 5 s default.
  }, 120_000);

  test('errors by the names the SDK maps', async () => {
    const { pool } = await poolWithAlice();
    expect((await failure(pool.adminCreateUser('alice', password))).type).toBe('UsernameExistsException');
    expect((await failure(pool.adminCreateUser('bob', 'weak'))).type).toBe('InvalidPasswordException');
    expect((await failure(pool.adminCreateUser('has space', password))).type).toBe('InvalidParameterException');
    expect((await failure(pool.adminAddUserToGroup('nobody', 'investor'))).type).toBe('UserNotFoundException');
    expect((await failure(pool.adminAddUserToGroup('alice', 'superuser'))).type).toBe('ResourceNotFoundException');
    expect((await failure(pool.adminSetUserPassword('alice', 'weak', true))).type).toBe('InvalidPasswordException');
  });

  test('a refresh gives an access token with the groups as they are now; refresh tokens are kept only hashed', async () => {
    const { pool } = await poolWithAlice();
    await pool.adminSetUserPassword('alice', password, true);
    await pool.adminAddUserToGroup('alice', 'borrower');
    const { refreshToken } = tokens(await pool.signInWithPassword('alice', password));
    await pool.adminAddUserToGroup('alice', 'reviewer');
    await pool.adminRemoveUserFromGroup('alice', 'borrower');
    const refreshed = tokens(await pool.refresh(refreshToken ?? ''));
    expect(refreshed.refreshToken).toBeUndefined();
    expect((await identity.verify(refreshed.accessToken))?.['cognito:groups']).toEqual(['reviewer']);
    expect(pool.adminListGroupsForUser('alice').map((group) => group.name)).toEqual(['reviewer']);
    expect((await failure(pool.refresh('not-a-token'))).type).toBe('NotAuthorizedException');

    const stored = await readFile(file, 'utf8');
    expect(stored).not.toContain(refreshToken);
    expect(stored).not.toContain(password);
  });

  test('refresh tokens last 30 days and temporary passwords 3, on the twin clock', async () => {
    const { pool } = await poolWithAlice();
    await clock.advance(3 * 86_400_000 + 1000);
    expect(await failure(pool.signInWithPassword('alice', password))).toEqual({
      type: 'NotAuthorizedException',
      message: 'Temporary password has expired and must be reset by an administrator.',
    });
    await pool.adminSetUserPassword('alice', password, true);
    const { refreshToken } = tokens(await pool.signInWithPassword('alice', password));
    await clock.advance(29 * 86_400_000);
    tokens(await pool.refresh(refreshToken ?? ''));
    await clock.advance(86_400_000 + 1000);
    expect((await failure(pool.refresh(refreshToken ?? ''))).message).toBe('Invalid Refresh Token');
  });

  test('a pool reopened from its file has the same users, groups and refresh tokens', async () => {
    const { pool, created } = await poolWithAlice();
    await pool.adminSetUserPassword('alice', password, true);
    await pool.adminAddUserToGroup('alice', 'investor');
    const { refreshToken } = tokens(await pool.signInWithPassword('alice', password));

    const reopened = await LocalUserPool.open({ file, clock, identity });
    expect(reopened.adminGetUser('alice')).toMatchObject({ sub: created.sub, status: 'CONFIRMED' });
    expect(reopened.adminListGroupsForUser('alice').map((group) => group.name)).toEqual(['investor']);
    tokens(await reopened.signInWithPassword('alice', password));
    tokens(await reopened.refresh(refreshToken ?? ''));
    // And one in memory keeps nothing.
    expect((await LocalUserPool.open({ clock, identity })).find('alice')).toBeUndefined();
  });
});
