/**
 * GET /v1/stats (public, 信息披露): the platform figures, optionally for a date range
 * (flows) and a grade and/or term. Reads a constant number of counter items
 * (functions/adapters/dynamodb/platform-figures-repository.ts), never the loan book.
 */
import type { z } from 'zod';
import { InvalidRequestError } from '../core/errors';
import { platformFigures } from '../composition/read-models';
import type { statsQuery } from '../api/schemas/stats';
import { getStatsRoute } from '../api/routes/stats';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getStatsRoute, async (request) => {
  const query = request.query as z.infer<typeof statsQuery>;
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw new InvalidRequestError('from is after to');
  const figures = await platformFigures({
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...(query.grade !== undefined ? { grade: query.grade } : {}),
    ...(query.termMonths !== undefined ? { termMonths: Number(query.termMonths) } : {}),
  });
  return { status: 200, body: figures, headers: { 'cache-control': 'no-store' } };
});
