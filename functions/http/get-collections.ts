/** GET /v1/collections (reviewer, admin, auditor): collection cases, one per overdue loan, optionally by stage. */
import type { z } from 'zod';
import { listCollectionCases } from '../composition/read-models';
import type { collectionsQuery } from '../api/schemas/collections';
import { listCollectionsRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listCollectionsRoute, async (request) => {
  const query = request.query as z.infer<typeof collectionsQuery>;
  const page = await listCollectionCases(query.limit === undefined ? 20 : Number(query.limit), query.cursor, query.stage);
  return {
    status: 200,
    body: { items: page.cases, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
