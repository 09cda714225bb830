/** PUT /v1/admin/users/{userId}/related-party (admin): marks or clears a related party (functions/application/related-parties.ts). */
import type { z } from 'zod';
import { now } from '../adapters/runtime/clock';
import { markRelatedParty } from '../application/related-parties';
import { relatedParties } from '../composition/origination';
import type { relatedPartyRequest } from '../api/schemas/identity';
import { setRelatedPartyRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(setRelatedPartyRoute, async (request) => {
  const mark = request.body as z.infer<typeof relatedPartyRequest>;
  return { status: 200, body: await markRelatedParty(relatedParties, { userId: String(request.params.userId), mark }, now()) };
});
