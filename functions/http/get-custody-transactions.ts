/** GET /v1/me/transactions: the caller's deposits and withdrawals, newest first, by type and business-date range. */
import type { z } from 'zod';
import { addDays } from '../core/calendar';
import { InvalidRequestError } from '../core/errors';
import { listTransactions } from '../composition/read-models';
import type { transactionsQuery } from '../api/schemas/custody';
import { custodyTransactionBody } from './custody-views';
import { listCustodyTransactionsRoute } from '../api/routes/custody';
import { routeHandler } from './route-handler';

/** The first instant of a business date in Asia/Shanghai (UTC+8, no daylight saving). */
const startOf = (date: string): string => new Date(`${date}T00:00:00+08:00`).toISOString();

export const handler = routeHandler(listCustodyTransactionsRoute, async (request) => {
  const query = request.query as z.infer<typeof transactionsQuery>;
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw new InvalidRequestError('from is after to');
  const page = await listTransactions(request.caller!.userId, {
    type: query.type,
    fromIso: query.from === undefined ? undefined : startOf(query.from),
    toIso: query.to === undefined ? undefined : startOf(addDays(query.to, 1)),
    limit: query.limit === undefined ? 20 : Number(query.limit),
    cursor: query.cursor,
  });
  return {
    status: 200,
    body: { items: page.items.map(custodyTransactionBody), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
