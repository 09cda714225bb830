/**
 * GET /openapi.json: the API's OpenAPI 3.1 document. It is built from every route's schemas,
 * so it is built on the first request and kept, not at init: loading every route's schemas
 * is this function's whole work, and its cold start stays that of a bare handler (QUALITY.md).
 */
import { getOpenApiDocumentRoute } from '../api/routes/platform';
import { routeHandler } from './route-handler';

let document: unknown;

export const handler = routeHandler(getOpenApiDocumentRoute, async () => {
  document ??= (await import('../api/openapi')).openApiDocument();
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
