/**
 * What the route pipeline's middlewares (./*.ts, chained in ../route-handler.ts) pass on:
 * API Gateway's event, plus what each middleware learnt about the request.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Role } from '../../core/roles';

export type HttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

export interface Caller {
  readonly userId: string;
  readonly roles: readonly Role[];
}

export type RouteEvent = HttpEvent & {
  /** Set by ./authentication.ts on a route that is not public. */
  caller?: Caller;
  /** The body as received, decoded from base64 if need be (./body-limit.ts). */
  rawBody?: string;
  /** The body parsed as JSON (./json-body.ts). */
  json?: unknown;
  /** Path parameters, query and body as the route's zod schemas gave them back (./validation.ts). */
  input?: { readonly params: Record<string, unknown>; readonly query: Record<string, unknown>; readonly body: unknown };
};

/** An API Gateway (payload v2) response as the pipeline builds it, and as the idempotency store keeps it. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export type RouteMiddleware = MiddlewareObj<RouteEvent, HttpResponse>;
