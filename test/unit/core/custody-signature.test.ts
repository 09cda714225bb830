/** The custodian protocol's HMAC signatures and replay window (pure). */
import fc from 'fast-check';
import {
  callbackPayload,
  requestPayload,
  sign,
  signatureMatches,
  timestampVerdict,
  unixSeconds,
  verifySignedMessage,
} from '../../../functions/core/custody-signature';

const secret = 'shared-secret-for-tests';
const body = '{"eventId":"EV00000001","type":"deposit.succeeded","amount":"100.00"}';
const at = new Date('2026-11-25T08:00:00Z');
const timestamp = unixSeconds(at);

test('a signature is v1= and the hex HMAC-SHA256 over `${timestamp}.${rawBody}`', () => {
  // Computed independently: printf '%s' '1795593600.{}' | openssl dgst -sha256 -hmac key
  expect(sign('key', callbackPayload('1795593600', '{}'))).toBe('v1=23345a18200e077fbd13691b246f46e731968e8b5182a8fc4c94df056a2247fd');
  expect(sign(secret, callbackPayload(timestamp, body))).toMatch(/^v1=[0-9a-f]{64}$/);
  expect(requestPayload('1', 'post', '/v1/deposits?x=1', '{}')).toBe('1.POST./v1/deposits?x=1.{}');
});

test('the signature verifies; any other body, timestamp, secret or a malformed header does not', () => {
  const signature = sign(secret, callbackPayload(timestamp, body));
  expect(signatureMatches(secret, callbackPayload(timestamp, body), signature)).toBe(true);
  expect(signatureMatches(secret, callbackPayload(timestamp, body.replace('100.00', '900.00')), signature)).toBe(false);
  expect(signatureMatches(secret, callbackPayload(String(Number(timestamp) + 1), body), signature)).toBe(false);
  expect(signatureMatches('another-secret', callbackPayload(timestamp, body), signature)).toBe(false);
  for (const header of [undefined, '', signature.slice(3), `v2=${signature.slice(3)}`, `${signature}00`, signature.toUpperCase(), 'v1=zz']) {
    expect({ header, ok: signatureMatches(secret, callbackPayload(timestamp, body), header) }).toEqual({ header, ok: false });
  }
});

test('any change to the body breaks the signature', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (original, changed) => {
      fc.pre(original !== changed);
      const signature = sign(secret, callbackPayload(timestamp, original));
      return !signatureMatches(secret, callbackPayload(timestamp, changed), signature);
    }),
    { numRuns: 300 },
  );
});

test('the replay window is five minutes either side of the receiver’s clock', () => {
  const seconds = Number(timestamp);
  expect(timestampVerdict(String(seconds - 300), at)).toBe('within');
  expect(timestampVerdict(String(seconds + 300), at)).toBe('within');
  expect(timestampVerdict(String(seconds - 301), at)).toBe('late');
  expect(timestampVerdict(String(seconds + 301), at)).toBe('early');
  for (const header of [undefined, '', '12.5', '-1', 'soon', '1'.repeat(13)]) expect(timestampVerdict(header, at)).toBe('malformed');
});

test('a signed message is checked by signature first, then by its window', () => {
  const old = String(Number(timestamp) - 600);
  const verify = (stamp: string, signature: string | undefined) => verifySignedMessage(secret, callbackPayload(stamp, body), { timestamp: stamp, signature }, at);
  expect(verify(timestamp, sign(secret, callbackPayload(timestamp, body)))).toBe('valid');
  expect(verify(old, sign(secret, callbackPayload(old, body)))).toBe('late');
  // A forged message learns nothing about the window.
  expect(verify(old, sign('forger', callbackPayload(old, body)))).toBe('bad-signature');
  expect(verify(timestamp, undefined)).toBe('malformed');
});
