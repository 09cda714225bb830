/**
 * Whether a request came through the front door (docs/operations.md "The front door"):
 * CloudFront adds the origin secret to every request it forwards (header
 * functions/manifest/front-door.ts), and a request that does not carry it went around
 * CloudFront, its WAF and its logs, straight to the API's execute-api endpoint.
 *
 * On AWS the secret is in Secrets Manager (ORIGIN_VERIFY_SECRET_ARN). Its current and its
 * previous version are both accepted, so a rotation (a new value put first, the
 * distribution redeployed with it afterwards) never turns a request away. The values are
 * kept for five minutes; a value that matches neither makes the function read them again,
 * at most once a minute, so a new value CloudFront already sends is accepted at once.
 * Unset (the twin, which has no CloudFront): every request is accepted.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { config } from '../../settings/settings';
import { readSecretStage, type ReadSecretStage } from '../secrets/secret-store';

export type OriginVerifier = (presented: string | undefined) => Promise<boolean>;

export interface OriginVerifierOptions {
  /** Undefined: no front door, no check. */
  readonly secretArn: string | undefined;
  readonly readSecret: ReadSecretStage;
  /** Milliseconds since the epoch, for the cache only. */
  readonly clock: () => number;
}

const keepMs = 5 * 60_000;
const rereadAfterMs = 60_000;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
/** Equal in constant time (digests of equal length), so the comparison tells nothing of the secret. */
const matches = (presented: string, expected: string) => timingSafeEqual(digest(presented), digest(expected));

export function originVerifier(options: OriginVerifierOptions): OriginVerifier {
  const { secretArn, readSecret, clock } = options;
  if (secretArn === undefined) return async () => true;
  let cached: { values: string[]; readAt: number } | undefined;
  const read = async () => {
    const stages = await Promise.all([readSecret(secretArn, 'AWSCURRENT'), readSecret(secretArn, 'AWSPREVIOUS')]);
    if (!stages[0]) throw new Error('the front door origin secret (ORIGIN_VERIFY_SECRET_ARN) has no current value');
    cached = { values: stages.filter((value): value is string => typeof value === 'string' && value !== ''), readAt: clock() };
    return cached.values;
  };
  return async (presented) => {
    if (presented === undefined || presented === '') return false;
    const age = cached ? clock() - cached.readAt : Infinity;
    const values = age < keepMs ? cached!.values : await read();
    if (values.some((value) => matches(presented, value))) return true;
    if (age < keepMs && age >= rereadAfterMs) return (await read()).some((value) => matches(presented, value));
    return false;
  };
}

let verifier: OriginVerifier | undefined;

/** The process's verifier, built at its first request from the settings. */
export const verifyOrigin: OriginVerifier = (presented) => {
  verifier ??= originVerifier({ secretArn: config.originVerifySecretArn(), readSecret: readSecretStage, clock: Date.now });
  return verifier(presented);
};
