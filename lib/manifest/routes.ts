/**
 * The route manifest: every HTTP route of the platform, with its zod schemas. The CDK
 * stack builds one Lambda function and one API Gateway route per entry; the twin's
 * gateway serves the same entries with the same handlers; the OpenAPI document is
 * generated from it. Add a route here and it exists everywhere.
 */
import type { z } from 'zod';
import type { Role } from './roles';
import { quoteRequest, quoteResponse } from '../../functions/http/quote-contract';
import { healthReport, problemDocument } from '../../functions/http/schemas';

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
  readonly request?: {
    readonly params?: z.ZodObject;
    readonly query?: z.ZodObject;
    readonly body?: z.ZodType;
  };
  readonly responses: Readonly<Record<number, RouteResponse>>;
  readonly resources: readonly ResourceAccess[];
}

const problem = (description: string): RouteResponse => ({ description, body: problemDocument });

export const routes: readonly RouteDefinition[] = [
  {
    id: 'getHealth',
    method: 'GET',
    path: '/v1/health',
    summary: "Each part's status: the table and the workflow engine",
    handler: 'functions/http/get-health.ts',
    access: 'public',
    responses: {
      200: { description: 'Every part answers', body: healthReport },
      503: { description: 'A part does not answer', body: healthReport },
    },
    resources: ['table:read', 'workflows:describe'],
  },
  {
    id: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    handler: 'functions/http/get-openapi.ts',
    access: 'public',
    responses: { 200: { description: 'The OpenAPI document' }, 500: problem('Unexpected failure') },
    resources: [],
  },
  {
    id: 'postQuote',
    method: 'POST',
    path: '/v1/quotes',
    summary: 'The loan calculator: the repayment schedule of a loan with these terms',
    handler: 'functions/http/post-quote.ts',
    access: 'public',
    request: { body: quoteRequest },
    responses: {
      200: { description: 'The schedule, every amount a decimal string in yuan', body: quoteResponse },
      400: problem('The terms are invalid'),
      413: problem('The body is too large'),
    },
    resources: [],
  },
];

export function routeById(id: string): RouteDefinition {
  const route = routes.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`no route ${id} in the manifest`);
  return route;
}
