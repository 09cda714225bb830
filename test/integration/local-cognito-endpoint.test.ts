/**
 * The identity adapter (functions/adapters/identity/identity-provider.ts) against the twin's
 * Cognito endpoint, through the real @aws-sdk/client-cognito-identity-provider and
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: the operations it uses, and the
 * Cognito errors it translates by name into the domain's.
 */
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidRequestError, NotFoundError, UnauthenticatedError } from '../../functions/core/errors';
import { UsernameTakenError } from '../../functions/core/users';
import { TwinClock } from '../../lib/local/clock';
import { startLocalCognito, type LocalCognito } from '../../lib/local/cognito/local-cognito';
import { LocalIdentityProvider } from '../../lib/local/identity';

type Adapter = typeof import('../../functions/adapters/identity/identity-provider');
let cognito: LocalCognito;
let clock: TwinClock;
let identity: LocalIdentityProvider;
let adapter: Adapter;

beforeAll(async () => {
  clock = await TwinClock.open();
  identity = await LocalIdentityProvider.open({ issuer: 'urn:test:cognito', clock });
  cognito = await startLocalCognito({ dataDir: undefined, clock, identity, port: 0, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  Object.assign(process.env, { ...cognito.environment, AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  adapter = await import('../../functions/adapters/identity/identity-provider');
});
afterAll(async () => {
  adapter?.cognito.destroy();
  await cognito?.stop();
  clock?.stop();
});

const password = 'Correct-horse-9!';

test('create, make permanent, group, sign in, refresh: the token carries the sub, the username and the groups', async () => {
  const directory = adapter.identityDirectory;
  const { userId } = await directory.createUser('carol', password);
  expect(userId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await directory.checkPassword('carol', password)).toBe('temporary');
  await directory.makePasswordPermanent('carol', password);
  expect(await directory.checkPassword('carol', password)).toBe('valid');
  expect(await directory.checkPassword('carol', 'Wrong-horse-9!!')).toBe('invalid');
  expect(await directory.userIdOf('carol')).toBe(userId);
  await directory.addToGroup('carol', 'investor');
  await directory.addToGroup('carol', 'borrower');
  await directory.removeFromGroup('carol', 'investor');
  expect(await directory.groupsOf('carol')).toEqual(['borrower']);

  const signIn = await adapter.signIn('carol', password);
  if (signIn.kind !== 'signed-in') throw new Error('expected tokens');
  expect(signIn.tokens).toMatchObject({ expiresIn: 3600, tokenType: 'Bearer', refreshToken: expect.any(String) });
  expect(await identity.verify(signIn.tokens.accessToken)).toMatchObject({ sub: userId, username: 'carol', 'cognito:groups': ['borrower'] });
  const refreshed = await adapter.refreshTokens(signIn.tokens.refreshToken ?? '');
  expect(refreshed.refreshToken).toBeUndefined();
  expect((await identity.verify(refreshed.accessToken))?.sub).toBe(userId);
});

test('Cognito errors become the domain’s: taken, policy, credentials, unknown user, bad parameter', async () => {
  const directory = adapter.identityDirectory;
  await directory.createUser('dave', password);
  await expect(directory.createUser('dave', password)).rejects.toBeInstanceOf(UsernameTakenError);
  const weak = await directory.createUser('erin', 'weak').catch((error: unknown) => error);
  expect(weak).toBeInstanceOf(InvalidRequestError);
  expect((weak as InvalidRequestError).details).toEqual([{ path: 'body.password', message: 'Password did not conform with policy: Password not long enough' }]);
  await expect(adapter.signIn('nobody', password)).rejects.toEqual(new UnauthenticatedError('The username or password is incorrect'));
  await expect(adapter.refreshTokens('forged')).rejects.toBeInstanceOf(UnauthenticatedError);
  await expect(directory.groupsOf('nobody')).rejects.toBeInstanceOf(NotFoundError);
  await expect(directory.createUser('has space', password)).rejects.toBeInstanceOf(InvalidRequestError);
});

test('the endpoint refuses another pool, another client, and operations it does not serve', async () => {
  const client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: 'local', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await expect(client.send(new AdminGetUserCommand({ UserPoolId: 'local_Other', Username: 'dave' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  await expect(client.send(new DescribeUserPoolCommand({ UserPoolId: cognito.pool.id }))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  process.env.USER_POOL_CLIENT_ID = 'another-client';
  try {
    await expect(adapter.signIn('dave', password)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  } finally {
    process.env.USER_POOL_CLIENT_ID = cognito.pool.clientId;
  }
  client.destroy();
});
