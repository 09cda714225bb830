/** GET /v1/alerts (reviewer, admin, auditor): in-loan monitoring alerts, newest first. */
import type { z } from 'zod';
import { decodeCursor, encodeCursor } from '../adapters/dynamodb/page-cursor';
import { listAlerts } from '../adapters/dynamodb/alert-repository';
import type { alertsQuery } from '../api/schemas/collections';
import { listAlertsRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listAlertsRoute, async (request) => {
  const query = request.query as z.infer<typeof alertsQuery>;
  const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['pk', 'sk'], (key) => key.pk === 'ALERT');
  const page = await listAlerts(query.limit === undefined ? 20 : Number(query.limit), startKey);
  return {
    status: 200,
    body: { items: page.alerts, ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
