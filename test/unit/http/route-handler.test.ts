/** The thin HTTP layer: validation, roles and the problem mapper, on API Gateway v2 events. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { NotFoundError } from '../../../functions/core/errors';
import { groupsOf } from '../../../functions/http/middleware/authentication';
import { handlerFor, maxBodyBytes } from '../../../functions/http/route-handler';
import type { RouteDefinition } from '../../../functions/api/routes';
import { linesWrittenBy } from '../../support/log-lines';

const route: RouteDefinition = {
  id: 'placeReviewNote',
  method: 'POST',
  path: '/v1/reviews/{loanId}/notes',
  summary: 'test route',
  handler: 'n/a',
  access: ['reviewer', 'admin'],
  request: {
    params: z.object({ loanId: z.string().regex(/^loan-\d+$/) }),
    body: z.object({ note: z.string().min(1).max(100) }).strict(),
  },
  responses: { 201: { description: 'created' } },
  resources: [],
};

function event(overrides: { body?: string; groups?: string; sub?: string; loanId?: string } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/reviews/{loanId}/notes',
    rawPath: '/v1/reviews/loan-1/notes',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { loanId: overrides.loanId ?? 'loan-1' },
    body: overrides.body ?? JSON.stringify({ note: 'income checked' }),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'request-1',
      authorizer: { jwt: { claims: { sub: overrides.sub ?? 'user-1', 'cognito:groups': overrides.groups ?? '[reviewer]' }, scopes: null } },
    },
  } as unknown as APIGatewayProxyEventV2;
}

const calls: unknown[] = [];
const handler = handlerFor(route, async (request) => {
  calls.push(request);
  if ((request.body as { note: string }).note === 'missing') throw new NotFoundError('no such loan');
  if ((request.body as { note: string }).note === 'boom') throw new Error('table credentials leaked here');
  return { status: 201, body: { loanId: request.params.loanId, by: request.caller?.userId } };
});
const invoke = async (input: APIGatewayProxyEventV2) => (await handler(input, {} as never)) as APIGatewayProxyStructuredResultV2;
const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body ?? '{}');

beforeEach(() => void (calls.length = 0));

test('a valid request from an allowed role reaches the use case with validated input', async () => {
  const response = await invoke(event());
  expect(response.statusCode).toBe(201);
  expect(bodyOf(response)).toEqual({ loanId: 'loan-1', by: 'user-1' });
});

test.each([
  ['a body that is not JSON', event({ body: '{note' }), 400],
  ['a body with an unknown field', event({ body: JSON.stringify({ note: 'x', status: 'APPROVED' }) }), 400],
  ['a body of the wrong type', event({ body: JSON.stringify({ note: 42 }) }), 400],
  ['a bad path parameter', event({ loanId: 'drop table' }), 400],
  ['an oversize body', event({ body: JSON.stringify({ note: 'x'.repeat(maxBodyBytes) }) }), 413],
  ['a caller without the role', event({ groups: '[borrower investor]' }), 403],
  ['a caller without a subject', event({ sub: '' }), 401],
])('%s is a problem response and never reaches the use case', async (_what, input, status) => {
  const response = await invoke(input);
  expect(response.statusCode).toBe(status);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  expect(bodyOf(response)).toMatchObject({ status, type: expect.stringMatching(/^urn:problem:/) });
  expect(calls).toEqual([]);
});

test('validation problems name the fields at fault', async () => {
  const body = bodyOf(await invoke(event({ body: JSON.stringify({ note: '' }) })));
  expect(body.errors).toEqual([expect.objectContaining({ path: 'body.note' })]);
});

test('a named domain error maps to its status; anything else is a 500 that tells nothing', async () => {
  expect((await invoke(event({ body: JSON.stringify({ note: 'missing' }) }))).statusCode).toBe(404);
  let failure: Awaited<ReturnType<typeof invoke>> | undefined;
  const logged = await linesWrittenBy(async () => {
    failure = await invoke(event({ body: JSON.stringify({ note: 'boom' }) }));
  });
  expect(failure!.statusCode).toBe(500);
  expect(failure!.body).not.toContain('credentials');
  expect(logged).toHaveLength(1);
});

test('groups arrive as API Gateway flattens them, or as a list', () => {
  expect(groupsOf('[borrower investor]')).toEqual(['borrower', 'investor']);
  expect(groupsOf(['admin', 'unknown-group'])).toEqual(['admin']);
  expect(groupsOf(undefined)).toEqual([]);
});
