/** The regulator's view (合规自查) and the public monthly operating figures (信息披露). */
import { complianceQuery, complianceResponse, operatingFiguresParams, operatingFiguresResponse } from '../schemas/compliance';
import { problem, type RouteDefinition } from '../route-definition';
import { oversightRoles } from '../../core/roles';

export const getComplianceRoute: RouteDefinition = {
  id: 'getCompliance',
  method: 'GET',
  path: '/v1/compliance',
  summary: "The compliance self-check of a month (auditors, admins): every rule enforced, its source article, where it is enforced and tested, the month's evidence, MET, BREACHED (with the offending ids) or NOT_APPLICABLE",
  handler: 'functions/http/get-compliance.ts',
  access: oversightRoles,
  request: { query: complianceQuery },
  responses: {
    200: { description: 'The rules and their status', body: complianceResponse },
    400: problem('The month is malformed or has not begun'),
  },
  resources: ['table:read'],
};

export const getOperatingFiguresRoute: RouteDefinition = {
  id: 'getOperatingFigures',
  method: 'GET',
  path: '/v1/public/operating-figures/{month}',
  summary: "A closed month's operating figures for the public: lent, related-party lending, compensations, outstanding, borrowers, investors, overdue, concentration, fees; no personal data",
  handler: 'functions/http/get-operating-figures.ts',
  access: 'public',
  request: { params: operatingFiguresParams },
  responses: {
    200: { description: 'The figures', body: operatingFiguresResponse },
    400: problem('The month is malformed'),
    422: problem('The month is not closed yet'),
  },
  resources: ['table:read'],
};

export const complianceRoutes: readonly RouteDefinition[] = [getComplianceRoute, getOperatingFiguresRoute];
