/**
 * The whole chain on one mutation: a repeated property or a body labelled as something
 * else than JSON never reaches the use case (before: `{"amount":"-5.00","amount":"1.00"}`
 * deposited ¥1.00, and any label was read as JSON).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import type { RouteDefinition } from '../../../functions/api/route-definition';
import { handlerFor } from '../../../functions/http/route-handler';

const route: RouteDefinition = {
  id: 'placeDeposit',
  method: 'POST',
  path: '/v1/test/deposits',
  summary: 'test route',
  handler: 'n/a',
  access: ['investor'],
  request: { body: z.object({ amount: z.string().regex(/^\d+\.\d{2}$/) }).strict() },
  responses: { 201: { description: 'created' } },
  resources: [],
};

const deposited: string[] = [];
const handler = handlerFor(route, async (request) => {
  deposited.push((request.body as { amount: string }).amount);
  return { status: 201, body: request.body };
});

const post = async (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  (await handler(
    {
      version: '2.0',
      routeKey: 'POST /v1/test/deposits',
      rawPath: '/v1/test/deposits',
      headers,
      body,
      isBase64Encoded: false,
      requestContext: { requestId: 'request-9', authorizer: { jwt: { claims: { sub: 'investor-1', 'cognito:groups': '[investor]' }, scopes: null } } },
    } as unknown as APIGatewayProxyEventV2,
    {} as never,
  )) as APIGatewayProxyStructuredResultV2;

beforeEach(() => void (deposited.length = 0));

test('a repeated amount is a 400 problem and deposits nothing', async () => {
  const response = await post('{"amount":"-5.00","amount":"1.00"}');
  expect(response.statusCode).toBe(400);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  expect(JSON.parse(response.body ?? '{}')).toMatchObject({ status: 400, detail: expect.stringContaining('duplicate property "amount"'), instance: 'request-9' });
  expect(response.headers?.['x-request-id']).toBe('request-9');
  expect(deposited).toEqual([]);
});

test('a JSON body labelled as a form is a 415 problem and deposits nothing', async () => {
  const response = await post('{"amount":"1.00"}', { 'content-type': 'application/x-www-form-urlencoded' });
  expect(response.statusCode).toBe(415);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  expect(deposited).toEqual([]);
});

test('application/json with a charset, in any header case, is accepted', async () => {
  expect((await post('{"amount":"1.00"}', { 'Content-Type': 'application/json; charset=UTF-8' })).statusCode).toBe(201);
  expect(deposited).toEqual(['1.00']);
});
