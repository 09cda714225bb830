/** GET /openapi.json: the API's OpenAPI 3.1 document. */
import { openApiDocument } from './openapi';
import { routeHandler } from './route-handler';

const document = openApiDocument();

export const handler = routeHandler('getOpenApiDocument', async () => ({
  status: 200,
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
