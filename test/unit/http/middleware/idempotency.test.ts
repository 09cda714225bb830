/**
 * Idempotency against an in-memory store: the key is required, a replay gets the stored
 * response, another body with the same key is a 422, and a request whose twin still runs
 * is answered 409 with Retry-After at once (no waiting inside the Lambda).
 */
import { createHash, createHmac } from 'node:crypto';
import { IdempotencyConflictError, InvalidRequestError } from '../../../../functions/core/errors';
import { idempotency, retryAfterSeconds, type IdempotencyStore, type KeyClaim } from '../../../../functions/http/middleware/idempotency';
import { HttpProblem, problemResponse } from '../../../../functions/http/middleware/problem-mapping';
import type { HttpResponse } from '../../../../functions/http/middleware/route-event';
import { httpEvent, middyRequest } from './request';

function inMemoryStore() {
  const items = new Map<string, { fingerprint: string; response?: HttpResponse }>();
  const store: IdempotencyStore = {
    async claimIdempotencyKey(scope, key, fingerprint): Promise<KeyClaim> {
      const item = items.get(`${scope}#${key}`);
      if (!item) {
        items.set(`${scope}#${key}`, { fingerprint });
        return { kind: 'claimed' };
      }
      return item.response ? { kind: 'completed', fingerprint: item.fingerprint, response: item.response } : { kind: 'in-progress', fingerprint: item.fingerprint };
    },
    async completeIdempotencyKey(scope, key, response) {
      items.get(`${scope}#${key}`)!.response = response;
    },
    async releaseIdempotencyKey(scope, key) {
      items.delete(`${scope}#${key}`);
    },
  };
  return { store, items };
}

const caller = { userId: 'investor-1', roles: ['investor' as const] };
const fingerprintKey = async () => Buffer.from('a key of at least thirty-two characters');
const deposit = (key: string | undefined, body = '{"amount":"100.00"}') =>
  middyRequest(httpEvent({ headers: key === undefined ? {} : { 'idempotency-key': key }, body, caller }));
const created: HttpResponse = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"depositId":"d-1"}' };

/** Runs the middleware around a use case as middy would: before, then the response, then after. */
async function run(middleware: ReturnType<typeof idempotency>, request: ReturnType<typeof deposit>, response: HttpResponse = created) {
  const early = await middleware.before?.(request);
  if (early !== undefined) return early as HttpResponse;
  request.response = response;
  await middleware.after?.(request);
  return response;
}

test('the stored fingerprint is an HMAC under the deployment’s fingerprint key, never a plain hash of a body holding PII', async () => {
  const body = '{"idNumber":"110105199003071239","phone":"13812345678"}';
  const fingerprints: string[] = [];
  for (const key of [Buffer.from('a key of at least thirty-two characters'), Buffer.from('another key, also thirty-two characters')]) {
    const { store, items } = inMemoryStore();
    await run(idempotency(store, () => new Date(), async () => key), deposit('key-00000001', body));
    fingerprints.push([...items.values()][0]!.fingerprint);
  }
  const signed = `POST /v1/things|/v1/things|${body}`;
  expect(fingerprints[0]).not.toBe(createHash('sha256').update(signed).digest('hex'));
  expect(fingerprints[0]).toBe(createHmac('sha256', 'a key of at least thirty-two characters').update(signed).digest('hex'));
  expect(fingerprints[1]).not.toBe(fingerprints[0]);
});

test('no key, or a malformed one, is a 400', async () => {
  const middleware = idempotency(inMemoryStore().store, () => new Date(), fingerprintKey);
  for (const key of [undefined, 'short', 'has spaces in it']) {
    await expect(middleware.before?.(deposit(key))).rejects.toBeInstanceOf(InvalidRequestError);
  }
});

test('a replay gets the stored response, marked as replayed', async () => {
  const middleware = idempotency(inMemoryStore().store, () => new Date(), fingerprintKey);
  expect(await run(middleware, deposit('key-00000001'))).toEqual(created);
  const replay = await run(middleware, deposit('key-00000001'), { statusCode: 201, headers: {}, body: 'a second effect' });
  expect(replay).toEqual({ ...created, headers: { ...created.headers, 'idempotency-replayed': 'true' } });
});

test('the same key with another body is a 422', async () => {
  const middleware = idempotency(inMemoryStore().store, () => new Date(), fingerprintKey);
  await run(middleware, deposit('key-00000002'));
  await expect(middleware.before?.(deposit('key-00000002', '{"amount":"999.00"}'))).rejects.toBeInstanceOf(IdempotencyConflictError);
});

test('while the first request runs, the same request is a 409 with Retry-After, answered at once', async () => {
  const middleware = idempotency(inMemoryStore().store, () => new Date(), fingerprintKey);
  const first = deposit('key-00000003');
  await middleware.before?.(first);
  // The first has not finished: no response stored yet.
  const refusal = await middleware.before?.(deposit('key-00000003')).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(HttpProblem);
  const response = problemResponse(refusal);
  expect(response.statusCode).toBe(409);
  expect(response.headers['retry-after']).toBe(String(retryAfterSeconds));
  // Once the first finishes, the retry gets its response.
  first.response = created;
  await middleware.after?.(first);
  expect((await run(middleware, deposit('key-00000003'))).body).toBe(created.body);
});

test('a failure the caller caused is stored like a success; a 5xx frees the key for the retry', async () => {
  const { store, items } = inMemoryStore();
  const middleware = idempotency(store, () => new Date(), fingerprintKey);
  const refused = deposit('key-00000004');
  await middleware.before?.(refused);
  refused.response = { statusCode: 422, headers: {}, body: '{"status":422}' };
  await middleware.onError?.(refused);
  expect(items.get('investor-1#POST /v1/things#key-00000004')?.response?.statusCode).toBe(422);

  const crashed = deposit('key-00000005');
  await middleware.before?.(crashed);
  crashed.response = { statusCode: 500, headers: {}, body: '{"status":500}' };
  await middleware.onError?.(crashed);
  expect(items.has('investor-1#POST /v1/things#key-00000005')).toBe(false);
});

test('a route without the key claimed does nothing on error (a refusal before the claim)', async () => {
  const { store, items } = inMemoryStore();
  const middleware = idempotency(store, () => new Date(), fingerprintKey);
  const request = deposit(undefined);
  request.response = { statusCode: 400, headers: {}, body: '{}' };
  await middleware.onError?.(request);
  expect(items.size).toBe(0);
});
