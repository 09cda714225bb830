/** What a route of the manifest (./routes.ts) says about itself. */
import type { z } from 'zod';
import type { Role } from './roles';
import { problemDocument } from '../../functions/http/schemas';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Which platform resources a handler touches, so CDK grants exactly that. */
export type ResourceAccess = 'table:read' | 'table:write' | 'workflows:start' | 'workflows:describe' | 'workflows:callback';

export interface RouteResponse {
  readonly description: string;
  readonly body?: z.ZodType;
}

export interface RouteDefinition {
  /** operationId and the stem of the Lambda function's name. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path syntax: /v1/listings/{listingId} */
  readonly path: string;
  readonly summary: string;
  /** The handler file; it exports `handler`. */
  readonly handler: string;
  /** 'public' routes skip the JWT authorizer; otherwise the roles allowed. */
  readonly access: 'public' | readonly Role[];
  /** The route needs an Idempotency-Key header: one effect per key, the response replayed. */
  readonly idempotent?: boolean;
  readonly request?: {
    readonly params?: z.ZodObject;
    readonly query?: z.ZodObject;
    readonly body?: z.ZodType;
  };
  readonly responses: Readonly<Record<number, RouteResponse>>;
  readonly resources: readonly ResourceAccess[];
}

/** A problem response of a route, for the OpenAPI document. */
export const problem = (description: string): RouteResponse => ({ description, body: problemDocument });
