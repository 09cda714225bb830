/** GET /v1/collections (reviewer, admin, auditor): collection cases, one per overdue loan, optionally by stage. */
import type { z } from 'zod';
import { decodeCursor, encodeCursor } from '../adapters/dynamodb/page-cursor';
import { listCollectionCases } from '../adapters/dynamodb/collection-repository';
import type { collectionsQuery } from '../api/schemas/collections';
import { listCollectionsRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listCollectionsRoute, async (request) => {
  const query = request.query as z.infer<typeof collectionsQuery>;
  const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['pk', 'sk'], (key) => key.pk === 'COLLECTION' && (key.sk ?? '').startsWith('CASE#'));
  const page = await listCollectionCases(query.limit === undefined ? 20 : Number(query.limit), startKey, query.stage);
  return {
    status: 200,
    body: { items: page.cases, ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
