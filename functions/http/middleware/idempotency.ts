/**
 * One effect per (caller, route, Idempotency-Key) on a route marked `idempotent`:
 *   - no key, or a malformed one: 400;
 *   - the first request claims the key, runs, and its response is stored (a 5xx frees
 *     the key instead, so the client's retry runs it again);
 *   - the same key with the same request again: the stored response, `idempotency-replayed: true`;
 *   - the same key with another request (route, path or body differ): 422;
 *   - the same request while the first still runs: 409 with `Retry-After`, at once. The
 *     Lambda never sleeps waiting for it (as Stripe and Powertools answer).
 * The store is a port (the DynamoDB one in production, see functions/composition/).
 * A request's fingerprint is an HMAC-SHA256 of its route, path and body under the
 * deployment's 'idempotency fingerprint' request key (adapters/secrets/request-keys.ts): bodies hold PII (a verification's ID number,
 * phone, card), and an unkeyed hash kept in the table could be brute-forced back to them.
 */
import type { Request } from '@middy/core';
import { createHmac } from 'node:crypto';
import { IdempotencyConflictError, InvalidRequestError } from '../../core/errors';
import { HttpProblem } from './problem-mapping';
import type { HttpResponse, RouteEvent, RouteMiddleware } from './route-event';

export type KeyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'completed'; readonly fingerprint: string; readonly response: HttpResponse }
  | { readonly kind: 'in-progress'; readonly fingerprint: string };

export interface IdempotencyStore {
  claimIdempotencyKey(scope: string, idempotencyKey: string, fingerprint: string, at: Date): Promise<KeyClaim>;
  completeIdempotencyKey(scope: string, idempotencyKey: string, response: HttpResponse): Promise<void>;
  releaseIdempotencyKey(scope: string, idempotencyKey: string): Promise<void>;
}

/** Seconds a client should wait before retrying a request that is still running. */
export const retryAfterSeconds = 1;
const keyPattern = /^[A-Za-z0-9_-]{8,128}$/;

interface Claimed {
  readonly scope: string;
  readonly key: string;
}

/** `fingerprintKey` is read at the first request (settings are never read at module scope). */
export function idempotency(store: IdempotencyStore, now: () => Date, fingerprintKey: () => Promise<Buffer>): RouteMiddleware {
  const claims = new WeakMap<Request<RouteEvent, HttpResponse>, Claimed>();
  const finish = async (request: Request<RouteEvent, HttpResponse>) => {
    const claimed = claims.get(request);
    if (!claimed) return;
    const response = request.response;
    if (!response || response.statusCode >= 500) await store.releaseIdempotencyKey(claimed.scope, claimed.key);
    else await store.completeIdempotencyKey(claimed.scope, claimed.key, response);
    // Only once stored: if storing fails, onError runs this again with the 500 and frees the key.
    claims.delete(request);
  };
  return {
    name: 'idempotency',
    before: async (request) => {
      const { event } = request;
      const key = keyOf(event.headers?.['idempotency-key']);
      const scope = `${event.caller?.userId ?? 'public'}#${event.routeKey}`;
      const fingerprint = createHmac('sha256', await fingerprintKey()).update(`${event.routeKey}|${event.rawPath}|${event.body ?? ''}`).digest('hex');
      const claim = await store.claimIdempotencyKey(scope, key, fingerprint, now());
      if (claim.kind === 'claimed') {
        claims.set(request, { scope, key });
        return undefined;
      }
      if (claim.fingerprint !== fingerprint) throw new IdempotencyConflictError('This Idempotency-Key');
      if (claim.kind === 'in-progress') {
        throw new HttpProblem(409, 'Conflict', 'conflict', 'A request with this Idempotency-Key is still running; retry after the time Retry-After gives', {
          'retry-after': String(retryAfterSeconds),
        });
      }
      return { ...claim.response, headers: { ...claim.response.headers, 'idempotency-replayed': 'true' } };
    },
    after: finish,
    onError: finish,
  };
}

function keyOf(key: string | undefined): string {
  if (key === undefined) throw new InvalidRequestError('This request needs an Idempotency-Key header');
  if (!keyPattern.test(key)) throw new InvalidRequestError('An Idempotency-Key is 8 to 128 letters, digits, - or _');
  return key;
}
