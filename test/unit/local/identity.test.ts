import { SignJWT, generateKeyPair } from 'jose';
import { TwinClock } from '../../../lib/local/clock';
import { LocalIdentityProvider, localClientId } from '../../../lib/local/identity';

const issuer = 'urn:test:identity';

test('a token it issued verifies, with the roles as Cognito groups', async () => {
  const clock = await TwinClock.open();
  const identity = await LocalIdentityProvider.open({ issuer, clock });
  const claims = await identity.verify(await identity.issue('user-1', ['borrower', 'investor']));
  expect(claims).toMatchObject({ sub: 'user-1', 'cognito:groups': ['borrower', 'investor'], client_id: localClientId, iss: issuer });
});

test('it refuses tokens the authorizer would refuse', async () => {
  const clock = await TwinClock.open();
  const identity = await LocalIdentityProvider.open({ issuer, clock });
  const other = await LocalIdentityProvider.open({ issuer, clock });
  const token = await identity.issue('user-1', ['investor'], 60);
  // Signed by another key.
  expect(await other.verify(token)).toBeUndefined();
  // Tampered payload.
  const [header, , signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ sub: 'admin', 'cognito:groups': ['admin'], iss: issuer, client_id: localClientId })).toString('base64url');
  expect(await identity.verify(`${header}.${forged}.${signature}`)).toBeUndefined();
  // Another issuer or app client.
  const { privateKey } = await generateKeyPair('ES256');
  const foreign = await new SignJWT({ client_id: 'someone-else' }).setProtectedHeader({ alg: 'ES256' }).setIssuer(issuer).setExpirationTime('1h').sign(privateKey);
  expect(await identity.verify(foreign)).toBeUndefined();
  // Expired on the twin's clock.
  expect(await identity.verify(token)).toBeDefined();
  await clock.advance(61_000);
  expect(await identity.verify(token)).toBeUndefined();
  clock.stop();
});
