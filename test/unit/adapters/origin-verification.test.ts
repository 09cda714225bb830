/**
 * The front door's origin secret as the routes check it: off without the setting (the
 * twin); on AWS the current and the previous version are accepted (rotation without a
 * refused request), read once per five minutes, and read again early when a value matches
 * neither (CloudFront already sends a newer one), at most once a minute.
 */
import { originVerifier } from '../../../functions/adapters/front-door/origin-verification';
import type { ReadSecretStage } from '../../../functions/adapters/secrets/secret-store';

const arn = 'arn:aws:secretsmanager:cn-north-1:000000000000:secret:origin';

function secretStore(initial: { AWSCURRENT: string; AWSPREVIOUS?: string }) {
  const versions: { AWSCURRENT: string; AWSPREVIOUS?: string } = { ...initial };
  let reads = 0;
  const readSecret: ReadSecretStage = async (secretArn, stage) => {
    expect(secretArn).toBe(arn);
    reads += 1;
    return versions[stage];
  };
  return {
    readSecret,
    reads: () => reads,
    rotate: (value: string) => Object.assign(versions, { AWSPREVIOUS: versions.AWSCURRENT, AWSCURRENT: value }),
  };
}

function clockAt(start: number) {
  let time = start;
  return { clock: () => time, advance: (ms: number) => (time += ms) };
}

test('without the setting (the twin) every request passes, and no secret is read', async () => {
  const store = secretStore({ AWSCURRENT: 'unused' });
  const verify = originVerifier({ secretArn: undefined, readSecret: store.readSecret, clock: () => 0 });
  expect(await verify(undefined)).toBe(true);
  expect(store.reads()).toBe(0);
});

test('the current value passes; a missing, empty or wrong one does not', async () => {
  const verify = originVerifier({ secretArn: arn, readSecret: secretStore({ AWSCURRENT: 'current-value' }).readSecret, clock: () => 0 });
  expect(await verify('current-value')).toBe(true);
  expect(await verify(undefined)).toBe(false);
  expect(await verify('')).toBe(false);
  expect(await verify('current-valu')).toBe(false);
  expect(await verify('current-value-and-more')).toBe(false);
});

test('during a rotation both the new value and the one CloudFront still sends pass; the one before them does not', async () => {
  const store = secretStore({ AWSCURRENT: 'first' });
  const time = clockAt(0);
  const verify = originVerifier({ secretArn: arn, readSecret: store.readSecret, clock: time.clock });
  expect(await verify('first')).toBe(true);
  store.rotate('second');
  time.advance(5 * 60_000);
  expect(await verify('first')).toBe(true);
  expect(await verify('second')).toBe(true);
  store.rotate('third');
  time.advance(5 * 60_000);
  expect(await verify('first')).toBe(false);
  expect(await verify('second')).toBe(true);
  expect(await verify('third')).toBe(true);
});

test('values are read once per five minutes; an unknown value makes them read again early, at most once a minute', async () => {
  const store = secretStore({ AWSCURRENT: 'first' });
  const time = clockAt(0);
  const verify = originVerifier({ secretArn: arn, readSecret: store.readSecret, clock: time.clock });
  await verify('first');
  const readsPerRefresh = store.reads();
  await verify('first');
  await verify('guessed');
  expect(store.reads()).toBe(readsPerRefresh);
  store.rotate('second');
  time.advance(61_000);
  expect(await verify('second')).toBe(true);
  expect(store.reads()).toBe(2 * readsPerRefresh);
  time.advance(30_000);
  expect(await verify('guessed')).toBe(false);
  expect(store.reads()).toBe(2 * readsPerRefresh);
});

test('a secret without a current value fails loudly, naming the setting', async () => {
  const verify = originVerifier({ secretArn: arn, readSecret: async () => undefined, clock: () => 0 });
  await expect(verify('anything')).rejects.toThrow(/ORIGIN_VERIFY_SECRET_ARN/);
});
