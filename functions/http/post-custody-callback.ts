/**
 * POST /v1/custody/callbacks (public: the custodian bank has no token): a signed
 * event confirming or failing a deposit or withdrawal. Forged, tampered or late → 401;
 * a replay → 200 and nothing changes.
 */
import { PayloadTooLargeError } from '../core/errors';
import { now } from '../adapters/runtime/clock';
import { acceptCallback } from '../application/custody';
import { custodyCallbacks } from '../composition/custody-callbacks';
import { postCustodyCallbackRoute } from '../api/routes/custody';
import { maxBodyBytes, routeHandler } from './route-handler';

export const handler = routeHandler(postCustodyCallbackRoute, async (request) => {
  if (Buffer.byteLength(request.rawBody ?? '', 'utf8') > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  return { status: 200, body: await acceptCallback(custodyCallbacks, request.rawBody, request.headers, now()) };
});
