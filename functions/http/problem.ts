/**
 * The one error mapper: a named domain error becomes an RFC 9457 problem response;
 * anything else becomes a 500 whose body says nothing about internals.
 */
import { DomainError, type DomainErrorKind } from '../core/errors';

const statusOf: Record<DomainErrorKind, { status: number; title: string }> = {
  'invalid-request': { status: 400, title: 'Bad Request' },
  unauthenticated: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Content Too Large' },
  unprocessable: { status: 422, title: 'Unprocessable Content' },
};

export interface ProblemResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function problemResponse(error: unknown, instance?: string): ProblemResponse {
  if (error instanceof DomainError) {
    const { status, title } = statusOf[error.kind];
    return problem(status, {
      type: `urn:problem:${error.kind}`,
      title,
      status,
      detail: error.message,
      ...(instance ? { instance } : {}),
      ...(error.details?.length ? { errors: error.details } : {}),
    });
  }
  return problem(500, {
    type: 'urn:problem:internal',
    title: 'Internal Server Error',
    status: 500,
    detail: 'The request failed unexpectedly; it has been logged',
    ...(instance ? { instance } : {}),
  });
}

function problem(status: number, body: Record<string, unknown>): ProblemResponse {
  return { statusCode: status, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(body) };
}
