/** Disclosure exports (信息披露): the monthly exports for auditors and admins, and their generation on demand. */
import { disclosureDetail, disclosureFile, disclosureFileParams, disclosureGenerated, disclosureListing, disclosureMonthParams } from '../schemas/disclosures';
import { problem, type RouteDefinition } from '../route-definition';
import { oversightRoles } from '../../core/roles';

export const getDisclosuresRoute: RouteDefinition = {
  id: 'getDisclosures',
  method: 'GET',
  path: '/v1/disclosures',
  summary: 'The months exported, newest first, each with its manifest (auditors, admins)',
  handler: 'functions/http/get-disclosures.ts',
  access: oversightRoles,
  responses: { 200: { description: 'The months exported', body: disclosureListing } },
  resources: ['table:read'],
};

export const getDisclosureRoute: RouteDefinition = {
  id: 'getDisclosure',
  method: 'GET',
  path: '/v1/disclosures/{month}',
  summary: "A month's export: its manifest, each file's URL, and whether every stored file still matches the manifest (auditors, admins)",
  handler: 'functions/http/get-disclosure.ts',
  access: oversightRoles,
  request: { params: disclosureMonthParams },
  responses: {
    200: { description: 'The export', body: disclosureDetail },
    404: problem('No export for that month'),
  },
  resources: ['table:read', 'documents:read'],
};

export const getDisclosureFileRoute: RouteDefinition = {
  id: 'getDisclosureFile',
  method: 'GET',
  path: '/v1/disclosures/{month}/files/{name}',
  summary: "One file of a month's export: figures.csv, figures.json, report.html, compliance.json or manifest.json (auditors, admins)",
  handler: 'functions/http/get-disclosure-file.ts',
  access: oversightRoles,
  request: { params: disclosureFileParams },
  responses: {
    200: { description: 'The file, its bytes as stored', body: disclosureFile, mediaType: 'application/octet-stream' },
    404: problem('No export for that month, or no such file'),
  },
  resources: ['table:read', 'documents:read'],
};

export const postDisclosureRoute: RouteDefinition = {
  id: 'postDisclosure',
  method: 'POST',
  path: '/v1/disclosures/{month}',
  summary: "Generates a closed month's export now (admins): 201 when written, 200 when the same bytes were already stored; 409 when they would differ",
  handler: 'functions/http/post-disclosure.ts',
  access: ['admin'],
  idempotent: true,
  request: { params: disclosureMonthParams },
  responses: {
    200: { description: 'The export was already stored with these bytes', body: disclosureGenerated },
    201: { description: 'The export was written', body: disclosureGenerated },
    409: problem('A stored export of that month differs from what would be written (exports are immutable)'),
    422: problem('The month is not closed yet'),
  },
  resources: ['table:read', 'table:write', 'documents:read', 'documents:write'],
};

export const disclosureRoutes: readonly RouteDefinition[] = [getDisclosuresRoute, getDisclosureRoute, getDisclosureFileRoute, postDisclosureRoute];
