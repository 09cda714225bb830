/**
 * The custodian bank protocol's signatures (HMAC-SHA256 with the secret the platform
 * and the bank share). Pure: the time is a parameter.
 *
 * - Callbacks (bank → platform) sign `${timestamp}.${rawBody}`.
 * - Instructions (platform → bank) sign `${timestamp}.${METHOD}.${pathAndQuery}.${rawBody}`,
 *   so a signed request cannot be replayed against another operation.
 *
 * `timestamp` is Unix seconds, sent in the x-custody-timestamp header; the signature
 * goes in x-custody-signature as `v1=<64 hex digits>`. A receiver accepts a message
 * only within the replay window (5 minutes either side of its own clock) and compares
 * signatures in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const timestampHeader = 'x-custody-timestamp';
export const signatureHeader = 'x-custody-signature';
export const replayWindowSeconds = 300;

const signaturePattern = /^v1=([0-9a-f]{64})$/;

export const callbackPayload = (timestamp: string, rawBody: string): string => `${timestamp}.${rawBody}`;

export const requestPayload = (timestamp: string, method: string, pathAndQuery: string, rawBody: string): string =>
  `${timestamp}.${method.toUpperCase()}.${pathAndQuery}.${rawBody}`;

/** `v1=<hex HMAC-SHA256(secret, payload)>` */
export function sign(secret: string, payload: string): string {
  return `v1=${createHmac('sha256', secret).update(payload, 'utf8').digest('hex')}`;
}

/** Constant-time check of a signature header against the payload; false for any malformed header. */
export function signatureMatches(secret: string, payload: string, header: string | undefined): boolean {
  const presented = signaturePattern.exec(header ?? '')?.[1];
  if (!presented) return false;
  const expected = createHmac('sha256', secret).update(payload, 'utf8').digest();
  const given = Buffer.from(presented, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const unixSeconds = (instant: Date): string => String(Math.floor(instant.getTime() / 1000));

/** Where a message's timestamp falls against the receiver's clock. */
export function timestampVerdict(header: string | undefined, now: Date, windowSeconds = replayWindowSeconds): 'within' | 'late' | 'early' | 'malformed' {
  if (!header || !/^\d{1,12}$/.test(header)) return 'malformed';
  const skew = Math.floor(now.getTime() / 1000) - Number(header);
  if (skew > windowSeconds) return 'late';
  if (skew < -windowSeconds) return 'early';
  return 'within';
}

export type SignedMessageVerdict = 'valid' | 'bad-signature' | 'late' | 'early' | 'malformed';

/** Signature first (a forged message learns nothing about the window), then the window. */
export function verifySignedMessage(secret: string, payload: string, headers: { timestamp: string | undefined; signature: string | undefined }, now: Date): SignedMessageVerdict {
  if (!headers.timestamp || !headers.signature) return 'malformed';
  if (!signatureMatches(secret, payload, headers.signature)) return 'bad-signature';
  const verdict = timestampVerdict(headers.timestamp, now);
  return verdict === 'within' ? 'valid' : verdict;
}
