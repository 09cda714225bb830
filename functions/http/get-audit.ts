/**
 * GET /v1/audit (auditor, admin): the audit events appended in a time range, in chain
 * order, a page at a time, with the verification of the page and the head
 * (functions/application/audit-events.ts; a break pages operations).
 */
import type { z } from 'zod';
import { addDays } from '../core/calendar';
import { InvalidRequestError } from '../core/errors';
import { verifiedAuditPage } from '../application/audit-events';
import { auditEvents } from '../composition/audit';
import type { auditQuery } from '../api/schemas/audit';
import { getAuditEventsRoute } from '../api/routes/audit';
import { routeHandler } from './route-handler';

const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value);
/** The first instant of a business date in Asia/Shanghai (UTC+8, no daylight saving). */
const startOf = (date: string): string => new Date(`${date}T00:00:00+08:00`).toISOString();
const fromInstant = (value: string): string => (isDate(value) ? startOf(value) : new Date(value).toISOString());
const toInstant = (value: string): string => (isDate(value) ? startOf(addDays(value, 1)) : new Date(value).toISOString());

export const handler = routeHandler(getAuditEventsRoute, async (request) => {
  const query = request.query as z.infer<typeof auditQuery>;
  const fromIso = query.from === undefined ? undefined : fromInstant(query.from);
  const toIso = query.to === undefined ? undefined : toInstant(query.to);
  if (fromIso !== undefined && toIso !== undefined && fromIso > toIso) throw new InvalidRequestError('from is after to');
  const page = await verifiedAuditPage(auditEvents, { fromIso, toIso, limit: query.limit === undefined ? 100 : Number(query.limit), cursor: query.cursor });
  return { status: 200, body: page, headers: { 'cache-control': 'no-store' } };
});
