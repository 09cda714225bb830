/**
 * Builds a route's Lambda handler from its manifest entry as a middy chain, each step a
 * small module under ./middleware/ (in order):
 *   request context (x-request-id) → header names lower-cased (@middy/http-header-normalizer)
 *   → came through the front door (403) → authentication and roles (401/403) → body limit (413) → JSON body, duplicate keys
 *   refused (400) → media type (415) → validation against the route's zod schemas (400)
 *   → idempotency (400/422/409 + Retry-After, replay) → the use case → problem mapping
 *   (RFC 9457; a 5xx says nothing of its cause).
 * Handlers stay thin: `export const handler = routeHandler(getXRoute, async (request) => …)`,
 * the route imported from its area module (functions/api/routes/<area>.ts).
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { Context } from 'aws-lambda';
// The route definition only (not the manifest's list): a handler's bundle holds its own route's schemas.
import type { RouteDefinition } from '../api/route-definition';
import { idempotencyFingerprintKey, idempotencyStore, now, verifyOrigin } from '../composition/http-pipeline';
import { authentication } from './middleware/authentication';
import { bodyLimit } from './middleware/body-limit';
import { idempotency } from './middleware/idempotency';
import { jsonBody } from './middleware/json-body';
import { jsonMediaType } from './middleware/media-type';
import { originVerification } from './middleware/origin-verification';
import { problemMapping } from './middleware/problem-mapping';
import { inRequestContext, type HttpHandler } from './middleware/request-context';
import type { Caller, HttpEvent, HttpResponse, RouteEvent, RouteMiddleware } from './middleware/route-event';
import { validation } from './middleware/validation';

export { maxBodyBytes } from './middleware/body-limit';
export type { Caller } from './middleware/route-event';

export interface RouteRequest {
  readonly params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Absent on public routes. */
  readonly caller: Caller | undefined;
  readonly requestId: string;
  /** The body exactly as received (decoded from base64 if need be), for routes that verify a signature over it. */
  readonly rawBody: string | undefined;
}

export interface RouteResult {
  readonly status: number;
  /** JSON-serialised, or sent as bytes (base64 through API Gateway) when a Uint8Array (e.g. a PDF; set its content-type). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type UseCase = (request: RouteRequest) => Promise<RouteResult>;

/**
 * `route` is the handler's own manifest entry, imported from its area module
 * (functions/api/routes/<area>.ts), never looked up in the whole manifest: esbuild then
 * bundles, and the function evaluates at init, only that area's schemas (cold start).
 */
export function routeHandler(route: RouteDefinition, useCase: UseCase) {
  // The route rides on the handler so that a test can prove it is the manifest's entry for this file.
  return Object.assign(handlerFor(route, useCase), { route });
}

export function handlerFor(route: RouteDefinition, useCase: UseCase): HttpHandler {
  const steps: RouteMiddleware[] = [
    httpHeaderNormalizer() as RouteMiddleware,
    originVerification(verifyOrigin),
    authentication(route.access),
    bodyLimit(),
    ...(route.request?.body ? [jsonBody(), jsonMediaType()] : []),
    validation(route.request),
    ...(route.idempotent ? [idempotency(idempotencyStore, now, idempotencyFingerprintKey)] : []),
    // Innermost: its onError runs first, so the idempotency store keeps the problem the caller gets.
    problemMapping(route.id),
  ];
  const pipeline = middy<RouteEvent, HttpResponse>()
    .use(steps)
    .handler(async (event: RouteEvent) => httpResponse(await useCase(requestOf(event))));
  return inRequestContext(route, (event: HttpEvent, context: Context) => pipeline(event, context));
}

function requestOf(event: RouteEvent): RouteRequest {
  return {
    params: event.input?.params ?? {},
    query: event.input?.query ?? {},
    body: event.input?.body,
    headers: event.headers ?? {},
    caller: event.caller,
    requestId: event.requestContext.requestId,
    rawBody: event.rawBody,
  };
}

function httpResponse(result: RouteResult): HttpResponse {
  if (result.body instanceof Uint8Array) {
    return { statusCode: result.status, headers: { 'content-type': 'application/octet-stream', ...result.headers }, body: Buffer.from(result.body).toString('base64'), isBase64Encoded: true };
  }
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json', ...result.headers },
    ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
  };
}
