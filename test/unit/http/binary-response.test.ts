/** A route whose use case returns bytes (a contract PDF): sent base64-encoded with its own content type. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handlerFor } from '../../../functions/http/route-handler';
import type { RouteDefinition } from '../../../functions/api/routes';

const route: RouteDefinition = {
  id: 'getDocument',
  method: 'GET',
  path: '/v1/documents/{id}',
  summary: 'test route',
  handler: 'n/a',
  access: ['auditor'],
  responses: { 200: { description: 'bytes', mediaType: 'application/pdf' } },
  resources: [],
};
const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80]);
const handler = handlerFor(route, async () => ({ status: 200, body: bytes, headers: { 'content-type': 'application/pdf' } }));
const event = {
  version: '2.0',
  routeKey: 'GET /v1/documents/{id}',
  rawPath: '/v1/documents/1',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: { requestId: 'request-1', authorizer: { jwt: { claims: { sub: 'user-1', 'cognito:groups': '[auditor]' }, scopes: null } } },
} as unknown as APIGatewayProxyEventV2;

test('bytes go out base64-encoded, unchanged, with the use case’s content type', async () => {
  const response = (await handler(event, {} as never)) as APIGatewayProxyStructuredResultV2;
  expect(response.statusCode).toBe(200);
  expect(response.isBase64Encoded).toBe(true);
  expect(response.headers?.['content-type']).toBe('application/pdf');
  expect(Buffer.from(response.body ?? '', 'base64').equals(Buffer.from(bytes))).toBe(true);
});
