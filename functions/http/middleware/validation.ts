/**
 * Path parameters, query and body checked against the route's zod schemas; what the
 * schemas give back (defaults applied, unknown fields refused where the schema is strict)
 * is what the use case sees. A failure is a 400 that names each field at fault.
 */
import type { z } from 'zod';
import type { RouteDefinition } from '../../api/route-definition';
import { InvalidRequestError } from '../../core/errors';
import type { RouteMiddleware } from './route-event';

export function validation(request: RouteDefinition['request']): RouteMiddleware {
  return {
    name: 'validation',
    before: ({ event }) => {
      event.input = {
        params: validate('path', request?.params, event.pathParameters ?? {}),
        query: validate('query', request?.query, event.queryStringParameters ?? {}),
        body: request?.body ? validate('body', request.body, event.json) : undefined,
      };
    },
  };
}

function validate(where: string, schema: z.ZodType | undefined, value: unknown): Record<string, unknown> {
  if (!schema) return {};
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidRequestError(
      `The request ${where} is invalid`,
      parsed.error.issues.map((issue) => ({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message })),
    );
  }
  return parsed.data as Record<string, unknown>;
}
