/**
 * Builds a route's Lambda handler from its manifest entry: the middy stack parses and
 * validates the request against the route's zod schemas, checks the caller's roles,
 * runs the use case, and maps every failure through the one problem mapper.
 * Handlers stay thin: `export const handler = routeHandler('getX', async (request) => …)`.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { routeById, type RouteDefinition } from '../../lib/manifest/routes';
import type { Role } from '../../lib/manifest/roles';
import { roles as knownRoles } from '../../lib/manifest/roles';
import { ForbiddenError, InvalidRequestError, PayloadTooLargeError, UnauthenticatedError } from '../core/errors';
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
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type HttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

export function routeHandler(routeId: string, useCase: (request: RouteRequest) => Promise<RouteResult>) {
  return handlerFor(routeById(routeId), useCase);
}

export function handlerFor(route: RouteDefinition, useCase: (request: RouteRequest) => Promise<RouteResult>) {
  return middy<HttpEvent, APIGatewayProxyResultV2>().handler(async (event) => {
    try {
      const request = parseRequest(route, event);
      const result = await useCase(request);
      return {
        statusCode: result.status,
        headers: { 'content-type': 'application/json', ...result.headers },
        ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
      };
    } catch (error) {
      const response = problemResponse(error, event.requestContext?.requestId);
      if (typeof response === 'object' && response.statusCode === 500) {
        // Log the failure for operators; the caller sees no internals. Never log the event (PII).
        console.error(JSON.stringify({ level: 'error', route: route.id, requestId: event.requestContext?.requestId, error: String(error) }));
      }
      return response;
    }
  });
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
