/**
 * GET /v1/me/statements/{period}?format=json|csv|pdf (investor): the caller's own statement
 * for a past month or year; the caller's id picks it, so no investor reaches another's.
 */
import { createHash } from 'node:crypto';
import { now } from '../adapters/runtime/clock';
import { statementOf } from '../composition/investor-statements';
import { getMyStatementRoute } from '../api/routes/investor-reports';
import { statementBody } from './investor-report-views';
import { routeHandler, type RouteResult } from './route-handler';

const contentTypes = { csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' } as const;

export const handler = routeHandler(getMyStatementRoute, async (request): Promise<RouteResult> => {
  const period = request.params.period as string;
  const format = (request.query.format as 'json' | 'csv' | 'pdf' | undefined) ?? 'json';
  const document = await statementOf(request.caller!.userId, period, format, now());
  if (document.format === 'json' || !document.bytes) return { status: 200, body: statementBody(document.statement), headers: { 'cache-control': 'private, no-store' } };
  return {
    status: 200,
    body: document.bytes,
    headers: {
      'content-type': contentTypes[document.format],
      'content-disposition': `attachment; filename="statement-${period}.${document.format}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      etag: `"${createHash('sha256').update(document.bytes).digest('hex')}"`,
    },
  };
});
