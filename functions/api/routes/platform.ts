/** The platform's own routes: health, the API document, the loan calculator. */
import { quoteRequest, quoteResponse } from '../schemas/quotes';
import { healthReport } from '../schemas/common';
import { problem, type RouteDefinition } from '../route-definition';

export const getHealthRoute: RouteDefinition = {
  id: 'getHealth',
  method: 'GET',
  path: '/v1/health',
  summary: "Each part's status: the table, the workflow engine and the custodian bank",
  handler: 'functions/http/get-health.ts',
  access: 'public',
  responses: {
    200: { description: 'Every part answers', body: healthReport },
    503: { description: 'A part does not answer', body: healthReport },
  },
  resources: ['table:read', 'workflows:describe', 'custodian-bank:endpoint'],
};

export const getOpenApiDocumentRoute: RouteDefinition = {
  id: 'getOpenApiDocument',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This OpenAPI 3.1 document',
  handler: 'functions/http/get-openapi.ts',
  access: 'public',
  responses: { 200: { description: 'The OpenAPI document' }, 500: problem('Unexpected failure') },
  resources: [],
};

export const postQuoteRoute: RouteDefinition = {
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
};

export const platformRoutes: readonly RouteDefinition[] = [getHealthRoute, getOpenApiDocumentRoute, postQuoteRoute];

