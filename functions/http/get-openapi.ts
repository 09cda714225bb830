/** GET /openapi.json: the API's OpenAPI 3.1 document. */
import { openApiDocument } from './openapi';
import { getOpenApiDocumentRoute } from '../../lib/manifest/routes/platform';
import { routeHandler } from './route-handler';

const document = openApiDocument();

export const handler = routeHandler(getOpenApiDocumentRoute, async () => ({
  status: 200,
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
