/**
 * A JSON route takes `application/json` (optionally `; charset=utf-8`), or a body without
 * a Content-Type, read as JSON; any other label is a 415 problem. It runs after the JSON
 * parser, so a body that is not JSON at all is a 400 whatever its label says (the loan
 * calculator's tests send a broken body as fetch's default text/plain and expect 400).
 */
import { HttpProblem } from './problem-mapping';
import type { RouteMiddleware } from './route-event';

const json = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export function jsonMediaType(): RouteMiddleware {
  return {
    name: 'json-media-type',
    before: ({ event }) => {
      const contentType = event.headers?.['content-type'];
      if (contentType === undefined || json.test(contentType.trim())) return;
      throw new HttpProblem(415, 'Unsupported Media Type', 'unsupported-media-type', 'This route takes application/json (UTF-8)', { 'accept-post': 'application/json' });
    },
  };
}
