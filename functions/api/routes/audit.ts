/** The audit log, for auditors (and admins): read-only. */
import { auditPage, auditQuery } from '../schemas/audit';
import { problem, type RouteDefinition } from '../route-definition';
import { oversightRoles } from '../../core/roles';

export const getAuditEventsRoute: RouteDefinition = {
  id: 'getAuditEvents',
  method: 'GET',
  path: '/v1/audit',
  summary: 'The hash-chained audit log: events appended in a time range, with the verification of the returned range and the chain head',
  handler: 'functions/http/get-audit.ts',
  access: oversightRoles,
  request: { query: auditQuery },
  responses: {
    200: { description: 'The events, in chain order, and whether they verify', body: auditPage },
    400: problem('The range or the cursor is invalid'),
    401: problem('No valid token'),
    403: problem('Only auditors and admins read the audit log'),
  },
  resources: ['table:read'],
};

export const auditRoutes: readonly RouteDefinition[] = [getAuditEventsRoute];
