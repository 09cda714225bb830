/** POST /v1/disclosures/{month}: an admin generates a closed month's export now (write-once: 201 written, 200 already stored, 409 would differ, 422 not closed). */
import { now } from '../adapters/runtime/clock';
import { generateMonthExport } from '../application/disclosure';
import { monthExport } from '../composition/month-export';
import { postDisclosureRoute } from '../api/routes/disclosures';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postDisclosureRoute, async (request) => {
  const generated = await generateMonthExport(monthExport, request.params.month as string, now());
  return { status: generated.outcome === 'created' ? 201 : 200, body: generated };
});
