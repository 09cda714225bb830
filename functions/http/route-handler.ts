/**
 * Builds a route's Lambda handler from its manifest entry: the middy stack parses and
 * validates the request against the route's zod schemas, checks the caller's roles,
 * runs the use case, and maps every failure through the one problem mapper.
 * Handlers stay thin: `export const handler = routeHandler(getXRoute, async (request) => …)`,
 * the route imported from its area module (lib/manifest/routes/<area>.ts).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
// The route definition only (not the manifest's list): a handler's bundle holds its own route's schemas.
import type { RouteDefinition } from '../api/route-definition';
import type { Role } from '../core/roles';
import { roles as knownRoles } from '../core/roles';
import { createHash } from 'node:crypto';
import {
  ConcurrentModificationError,
  ForbiddenError,
  IdempotencyConflictError,
  InvalidRequestError,
  PayloadTooLargeError,
  UnauthenticatedError,
} from '../core/errors';
import { now } from '../adapters/runtime/clock';
import { anonymousActor, withRequestContext } from '../adapters/runtime/request-context';
import { claimIdempotencyKey, completeIdempotencyKey, readClaim, releaseIdempotencyKey, type StoredResponse } from '../adapters/dynamodb/idempotency-store';
import { problemResponse } from './problem';

export const maxBodyBytes = 64 * 1024;

export interface Caller {
  readonly userId: string;
  readonly roles: readonly Role[];
}

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

type HttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

/**
 * `route` is the handler's own manifest entry, imported from its area module
 * (lib/manifest/routes/<area>.ts), never looked up in the whole manifest: esbuild then
 * bundles, and the function evaluates at init, only that area's schemas (cold start).
 */
export function routeHandler(route: RouteDefinition, useCase: (request: RouteRequest) => Promise<RouteResult>) {
  // The route rides on the handler so that a test can prove it is the manifest's entry for this file.
  return Object.assign(handlerFor(route, useCase), { route });
}

export function handlerFor(route: RouteDefinition, useCase: (request: RouteRequest) => Promise<RouteResult>) {
  const respond = async (request: RouteRequest, event: HttpEvent): Promise<StoredResponse & { readonly isBase64Encoded?: boolean }> => {
    try {
      const result = await useCase(request);
      if (result.body instanceof Uint8Array) {
        return { statusCode: result.status, headers: { 'content-type': 'application/octet-stream', ...result.headers }, body: Buffer.from(result.body).toString('base64'), isBase64Encoded: true };
      }
      return {
        statusCode: result.status,
        headers: { 'content-type': 'application/json', ...result.headers },
        ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
      };
    } catch (error) {
      return failure(route, event, error);
    }
  };
  const handle = async (event: HttpEvent): Promise<StoredResponse & { readonly isBase64Encoded?: boolean }> => {
    try {
      const request = parseRequest(route, event);
      if (!route.idempotent) return await respond(request, event);
      return await runOnce(idempotencyKeyOf(request), request, event, () => respond(request, event));
    } catch (error) {
      return failure(route, event, error);
    }
  };
  // Every write of the request says who and which request (functions/adapters/dynamodb/write-stamp.ts); every response names the request.
  return middy<HttpEvent, APIGatewayProxyResultV2>().handler(async (event) => {
    const requestId = event.requestContext?.requestId;
    const response = await withRequestContext({ actor: actorOf(route, event), ...(requestId ? { requestId } : {}) }, () => handle(event));
    return requestId ? { ...response, headers: { ...response.headers, 'x-request-id': requestId } } : response;
  });
}

/** Who a request acts as: the caller's user id (the authorizer's `sub`), the bank on its callback, else `public`. */
function actorOf(route: RouteDefinition, event: HttpEvent): string {
  if (route.id === 'postCustodyCallback') return 'custodian-bank';
  const claims = event.requestContext && 'authorizer' in event.requestContext ? event.requestContext.authorizer?.jwt?.claims : undefined;
  return route.access !== 'public' && typeof claims?.sub === 'string' && claims.sub !== '' ? claims.sub : anonymousActor;
}

function failure(route: RouteDefinition, event: HttpEvent, error: unknown): StoredResponse {
  const response = problemResponse(error, event.requestContext?.requestId);
  if (response.statusCode === 500) {
    // Log the failure for operators; the caller sees no internals. Never log the event (PII).
    console.error(JSON.stringify({ level: 'error', route: route.id, requestId: event.requestContext?.requestId, error: String(error) }));
  }
  return response;
}

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,128}$/;

function idempotencyKeyOf(request: RouteRequest): string {
  const key = request.headers['idempotency-key'];
  if (key === undefined) throw new InvalidRequestError('This request needs an Idempotency-Key header');
  if (!idempotencyKeyPattern.test(key)) throw new InvalidRequestError('An Idempotency-Key is 8 to 128 letters, digits, - or _');
  return key;
}

/**
 * Runs a mutation once per (caller, Idempotency-Key): the first request runs it and its
 * response is stored; a replay gets that response again; the same key with another
 * request is a 422; a replay that arrives while the first still runs waits for it.
 */
async function runOnce(idempotencyKey: string, request: RouteRequest, event: HttpEvent, run: () => Promise<StoredResponse>): Promise<StoredResponse> {
  const scope = `${request.caller?.userId ?? 'public'}#${event.routeKey}`;
  const fingerprint = createHash('sha256').update(`${event.routeKey}|${event.rawPath}|${event.body ?? ''}`).digest('hex');
  const at = now();
  let claim = await claimIdempotencyKey(scope, idempotencyKey, fingerprint, at);
  for (let waited = 0; claim.kind === 'in-progress' && claim.fingerprint === fingerprint && waited < 10_000; waited += 100) {
    await new Promise((wake) => setTimeout(wake, 100));
    claim = (await readClaim(scope, idempotencyKey)) ?? (await claimIdempotencyKey(scope, idempotencyKey, fingerprint, at));
  }
  if (claim.kind !== 'claimed') {
    if (claim.fingerprint !== fingerprint) throw new IdempotencyConflictError('This Idempotency-Key');
    if (claim.kind === 'in-progress') throw new ConcurrentModificationError('A request with this Idempotency-Key is still running; retry');
    return { ...claim.response, headers: { ...claim.response.headers, 'idempotency-replayed': 'true' } };
  }
  const response = await run();
  if (response.statusCode >= 500) await releaseIdempotencyKey(scope, idempotencyKey);
  else await completeIdempotencyKey(scope, idempotencyKey, response);
  return response;
}

function parseRequest(route: RouteDefinition, event: HttpEvent): RouteRequest {
  const caller = route.access === 'public' ? undefined : authorize(route.access, event);
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    params: validate('path', route.request?.params, event.pathParameters ?? {}),
    query: validate('query', route.request?.query, event.queryStringParameters ?? {}),
    body: route.request?.body ? validate('body', route.request.body, jsonBody(event)) : undefined,
    headers,
    caller,
    requestId: event.requestContext.requestId,
    rawBody: event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
  };
}

function jsonBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === '') throw new InvalidRequestError('A JSON request body is required');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError('The request body is not valid JSON');
  }
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

/** The authorizer has verified the token; here the caller's groups must allow the route. */
function authorize(allowed: readonly Role[], event: HttpEvent): Caller {
  const claims = 'authorizer' in event.requestContext ? event.requestContext.authorizer?.jwt?.claims : undefined;
  const userId = claims?.sub;
  if (typeof userId !== 'string' || userId === '') throw new UnauthenticatedError();
  const callerRoles = groupsOf(claims?.['cognito:groups']);
  if (!callerRoles.some((role) => allowed.includes(role))) throw new ForbiddenError();
  return { userId, roles: callerRoles };
}

/** API Gateway passes an array claim as the string "[a b]"; accept both forms. */
export function groupsOf(claim: unknown): Role[] {
  const names = Array.isArray(claim)
    ? claim.map(String)
    : typeof claim === 'string'
      ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean)
      : [];
  return names.filter((name): name is Role => (knownRoles as readonly string[]).includes(name));
}
