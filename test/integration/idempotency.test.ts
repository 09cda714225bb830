/**
 * Idempotency-Key on a mutation, against DynamoDB Local: the same key ten times in a
 * row and twenty at once give one effect and the same response (at once, those that
 * arrive while the first runs get 409 + Retry-After and their retry the response); the
 * same key with another body is a 422; no key is a 400.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import type { RouteDefinition } from '../../functions/api/routes';
import { startTestTable, type TestTable } from '../support/dynamodb';

type RouteHandlerModule = typeof import('../../functions/http/route-handler');
let dynamodb: TestTable;
let handlerFor: RouteHandlerModule['handlerFor'];

beforeAll(async () => {
  dynamodb = await startTestTable();
  ({ handlerFor } = await import('../../functions/http/route-handler'));
}, 60_000);
afterAll(async () => {
  (await import('../../functions/adapters/dynamodb/client')).documents.destroy();
  await dynamodb?.stop();
});

const route: RouteDefinition = {
  id: 'placeDeposit',
  method: 'POST',
  path: '/v1/test/deposits',
  summary: 'a counted mutation',
  handler: 'n/a',
  access: ['investor'],
  idempotent: true,
  request: { body: z.object({ amount: z.string() }).strict() },
  responses: { 201: { description: 'created' } },
  resources: [],
};

function deposits() {
  const effects: string[] = [];
  const handler = handlerFor(route, async (request) => {
    await new Promise((wake) => setTimeout(wake, 50));
    effects.push((request.body as { amount: string }).amount);
    return { status: 201, body: { depositId: `deposit-${effects.length}`, amount: (request.body as { amount: string }).amount } };
  });
  const call = async (key: string | undefined, amount = '100.00', userId = 'investor-1') =>
    (await handler(
      {
        version: '2.0',
        routeKey: 'POST /v1/test/deposits',
        rawPath: '/v1/test/deposits',
        headers: key === undefined ? {} : { 'Idempotency-Key': key },
        body: JSON.stringify({ amount }),
        isBase64Encoded: false,
        requestContext: { requestId: 'r', authorizer: { jwt: { claims: { sub: userId, 'cognito:groups': '[investor]' }, scopes: null } } },
      } as unknown as APIGatewayProxyEventV2,
      {} as never,
    )) as APIGatewayProxyStructuredResultV2;
  return { effects, call };
}

test('the same key ten times in a row: one effect, the same response each time', async () => {
  const { effects, call } = deposits();
  const responses = [];
  for (let attempt = 0; attempt < 10; attempt += 1) responses.push(await call('key-sequential-1'));
  expect(effects).toEqual(['100.00']);
  expect(new Set(responses.map((response) => response.body)).size).toBe(1);
  expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201));
  expect(responses.slice(1).every((response) => response.headers?.['idempotency-replayed'] === 'true')).toBe(true);
});

test('the same key twenty times at once: one effect, every caller gets its response', async () => {
  const { effects, call } = deposits();
  const responses = await Promise.all(Array.from({ length: 20 }, () => call('key-concurrent-1')));
  expect(effects).toHaveLength(1);
  // One runs; the others are told at once that it still runs (409, Retry-After) instead of
  // the Lambda waiting for it. Their retry, once it has finished, gets its response.
  const running = responses.filter((response) => response.statusCode === 409);
  expect(running.every((response) => response.headers?.['retry-after'] === '1')).toBe(true);
  const retried = [...responses.filter((response) => response.statusCode !== 409), ...(await Promise.all(running.map(() => call('key-concurrent-1'))))];
  expect(effects).toHaveLength(1);
  expect(retried.map((response) => response.statusCode)).toEqual(Array(20).fill(201));
  expect(new Set(retried.map((response) => response.body)).size).toBe(1);
});

test('the same key with another body is a 422 and changes nothing', async () => {
  const { effects, call } = deposits();
  expect((await call('key-mismatch-1', '100.00')).statusCode).toBe(201);
  const mismatch = await call('key-mismatch-1', '999.00');
  expect(mismatch.statusCode).toBe(422);
  expect(JSON.parse(mismatch.body ?? '{}').type).toBe('urn:problem:unprocessable');
  expect(effects).toEqual(['100.00']);
});

test('no key, or a malformed one, is a 400 and changes nothing', async () => {
  const { effects, call } = deposits();
  expect((await call(undefined)).statusCode).toBe(400);
  expect((await call('short')).statusCode).toBe(400);
  expect((await call('has spaces in it')).statusCode).toBe(400);
  expect(effects).toEqual([]);
});

test('keys are per caller: another user with the same key gets their own effect', async () => {
  const { effects, call } = deposits();
  await call('key-shared-1', '100.00', 'investor-1');
  await call('key-shared-1', '100.00', 'investor-2');
  expect(effects).toHaveLength(2);
});

test('a claim its Lambda abandoned (still in progress after a minute) can be taken by the same request, not by another', async () => {
  const { claimIdempotencyKey, abandonedAfterSeconds } = await import('../../functions/adapters/dynamodb/idempotency-store');
  const claimedAt = new Date('2026-03-02T01:00:00.000Z');
  const later = (seconds: number) => new Date(claimedAt.getTime() + seconds * 1000);
  expect(await claimIdempotencyKey('investor-9#POST /x', 'key-abandoned-1', 'fingerprint-a', claimedAt)).toEqual({ kind: 'claimed' });
  expect(await claimIdempotencyKey('investor-9#POST /x', 'key-abandoned-1', 'fingerprint-a', later(abandonedAfterSeconds - 1))).toEqual({ kind: 'in-progress', fingerprint: 'fingerprint-a' });
  expect(await claimIdempotencyKey('investor-9#POST /x', 'key-abandoned-1', 'fingerprint-b', later(abandonedAfterSeconds + 1))).toEqual({ kind: 'in-progress', fingerprint: 'fingerprint-a' });
  expect(await claimIdempotencyKey('investor-9#POST /x', 'key-abandoned-1', 'fingerprint-a', later(abandonedAfterSeconds + 1))).toEqual({ kind: 'claimed' });
  // Taken over: counted from the new claim.
  expect(await claimIdempotencyKey('investor-9#POST /x', 'key-abandoned-1', 'fingerprint-a', later(abandonedAfterSeconds + 2))).toEqual({ kind: 'in-progress', fingerprint: 'fingerprint-a' });
});
