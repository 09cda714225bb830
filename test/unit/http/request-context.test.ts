/**
 * The route handler runs each request in a request context (who, which request) that
 * the table writes read (functions/adapters/runtime/request-context.ts), and every response,
 * errors included, names the request in x-request-id. (Scheduled jobs: on the twin,
 * test/integration/audit-stamp.test.ts.)
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { currentRequestContext, type RequestContext } from '../../../functions/adapters/runtime/request-context';
import { handlerFor } from '../../../functions/http/route-handler';
import type { RouteDefinition } from '../../../functions/api/route-definition';

const seen: Array<RequestContext | undefined> = [];
const useCase = async () => {
  seen.push(currentRequestContext());
  await new Promise((wake) => setTimeout(wake, 1));
  // Still the same context after an await.
  seen.push(currentRequestContext());
  return { status: 200, body: { ok: true } };
};

const base = { summary: 'test', handler: 'n/a', responses: { 200: { description: 'ok' } }, resources: [] } as const;
const staffRoute: RouteDefinition = { ...base, id: 'getThing', method: 'GET', path: '/v1/things', access: ['reviewer'] };
const publicRoute: RouteDefinition = { ...base, id: 'getPublicThing', method: 'GET', path: '/v1/public-things', access: 'public', request: { query: z.object({}) } };
const bankRoute: RouteDefinition = { ...base, id: 'postCustodyCallback', method: 'GET', path: '/v1/custody/callbacks', access: 'public' };

function event(requestId: string, claims?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /v1/things',
    rawPath: '/v1/things',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { requestId, ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}) },
  } as unknown as APIGatewayProxyEventV2;
}

const invoke = async (route: RouteDefinition, input: APIGatewayProxyEventV2) => (await handlerFor(route, useCase)(input, {} as never)) as APIGatewayProxyStructuredResultV2;

beforeEach(() => void (seen.length = 0));

test('a caller’s request runs as the caller, for API Gateway’s request id, and says so in x-request-id', async () => {
  const response = await invoke(staffRoute, event('req-staff', { sub: 'reviewer-7', 'cognito:groups': '[reviewer]' }));
  expect(response.statusCode).toBe(200);
  expect(response.headers?.['x-request-id']).toBe('req-staff');
  expect(seen).toEqual([{ actor: 'reviewer-7', requestId: 'req-staff' }, { actor: 'reviewer-7', requestId: 'req-staff' }]);
  expect(currentRequestContext()).toBeUndefined();
});

test('public routes run as public, the bank’s callback as custodian-bank; refusals name the request too', async () => {
  await invoke(publicRoute, event('req-public'));
  await invoke(bankRoute, event('req-bank'));
  expect(seen.filter((_, index) => index % 2 === 0)).toEqual([{ actor: 'public', requestId: 'req-public' }, { actor: 'custodian-bank', requestId: 'req-bank' }]);
  const refused = await invoke(staffRoute, event('req-refused', { sub: 'investor-1', 'cognito:groups': '[investor]' }));
  expect(refused.statusCode).toBe(403);
  expect(refused.headers?.['x-request-id']).toBe('req-refused');
});
