/**
 * A JSON route's body, parsed strictly (./strict-json.ts): absent, malformed, or naming a
 * property twice (`{"amount":"-5.00","amount":"1.00"}`) is a 400 before validation.
 * Routes without a body schema ignore any body.
 */
import { InvalidRequestError } from '../../core/errors';
import { JsonSyntaxError, parseStrictJson } from './strict-json';
import type { RouteMiddleware } from './route-event';

export function jsonBody(): RouteMiddleware {
  return {
    name: 'json-body',
    before: ({ event }) => {
      if (event.rawBody === undefined || event.rawBody === '') throw new InvalidRequestError('A JSON request body is required');
      try {
        event.json = parseStrictJson(event.rawBody);
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        throw new InvalidRequestError(`The request body is not valid JSON: ${error.message}`);
      }
    },
  };
}
