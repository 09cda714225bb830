/** GET /v1/public/operating-figures/{month} (public): a closed month's operating figures, aggregates only (functions/application/disclosure.ts). */
import { now } from '../adapters/runtime/clock';
import { publicOperatingFigures } from '../application/disclosure';
import { disclosure } from '../composition/disclosure';
import { getOperatingFiguresRoute } from '../api/routes/compliance';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getOperatingFiguresRoute, async (request) => ({
  status: 200,
  body: await publicOperatingFigures(disclosure, String(request.params.month), now()),
  headers: { 'cache-control': 'public, max-age=300' },
}));
