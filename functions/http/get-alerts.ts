/** GET /v1/alerts (reviewer, admin, auditor): in-loan monitoring alerts, newest first. */
import type { z } from 'zod';
import { listAlerts } from '../composition/read-models';
import type { alertsQuery } from '../api/schemas/collections';
import { listAlertsRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listAlertsRoute, async (request) => {
  const query = request.query as z.infer<typeof alertsQuery>;
  const page = await listAlerts(query.limit === undefined ? 20 : Number(query.limit), query.cursor);
  return {
    status: 200,
    body: { items: page.alerts, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
