/**
 * The body as received, decoded from base64 when API Gateway encoded it, kept as
 * `rawBody` (a route that verifies a signature over the bytes reads it); over
 * `maxBodyBytes` it is a 413 before anything parses it.
 */
import { PayloadTooLargeError } from '../../core/errors';
import type { RouteMiddleware } from './route-event';

export const maxBodyBytes = 64 * 1024;

export function bodyLimit(limitBytes = maxBodyBytes): RouteMiddleware {
  return {
    name: 'body-limit',
    before: ({ event }) => {
      if (event.body === undefined) return;
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.byteLength > limitBytes) throw new PayloadTooLargeError(limitBytes);
      event.rawBody = event.isBase64Encoded ? raw.toString('utf8') : event.body;
    },
  };
}
