/**
 * The one error mapper (RFC 9457): a named domain error, or a refusal of the HTTP
 * exchange itself (HttpProblem), becomes an `application/problem+json` response; anything
 * else becomes a 500 whose body says nothing about internals, logged for operators
 * (the platform's redacting logger) without the event (which may carry personal data).
 */
import { DomainError, type DomainErrorKind } from '../../core/errors';
import { describeError, logError } from '../../composition/observability';
import type { HttpResponse, RouteMiddleware } from './route-event';

const statusOf: Record<DomainErrorKind, { status: number; title: string }> = {
  'invalid-request': { status: 400, title: 'Bad Request' },
  unauthenticated: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Content Too Large' },
  unprocessable: { status: 422, title: 'Unprocessable Content' },
};

/** A refusal that is about HTTP, not the domain (a media type; a request still running), with the headers it needs. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly kind: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export function problemResponse(error: unknown, instance?: string): HttpResponse {
  const at = instance ? { instance } : {};
  if (error instanceof DomainError) {
    const { status, title } = statusOf[error.kind];
    return problem(status, { type: `urn:problem:${error.kind}`, title, status, detail: error.message, ...at, ...(error.details?.length ? { errors: error.details } : {}) });
  }
  if (error instanceof HttpProblem) {
    return problem(error.status, { type: `urn:problem:${error.kind}`, title: error.title, status: error.status, detail: error.message, ...at }, error.headers);
  }
  return problem(500, { type: 'urn:problem:internal', title: 'Internal Server Error', status: 500, detail: 'The request failed unexpectedly; it has been logged', ...at });
}

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode: status, headers: { ...headers, 'content-type': 'application/problem+json' }, body: JSON.stringify(body) };
}

/**
 * Used innermost, so that its onError runs first and the middlewares outside it (the
 * idempotency store) see the problem response the caller will get.
 */
export function problemMapping(routeId: string): RouteMiddleware {
  return {
    name: 'problem-mapping',
    onError: (request) => {
      const requestId = request.event.requestContext?.requestId;
      request.response = problemResponse(request.error, requestId);
      if (request.response.statusCode >= 500) {
        logError('request failed', { route: routeId, requestId, ...describeError(request.error) });
      }
    },
  };
}
