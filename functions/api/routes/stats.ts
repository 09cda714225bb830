/** The platform figures (信息披露): GET /v1/stats. */
import { statsQuery, statsResponse } from '../schemas/stats';
import { problem, type RouteDefinition } from '../route-definition';

export const getStatsRoute: RouteDefinition = {
  id: 'getStats',
  method: 'GET',
  path: '/v1/stats',
  summary: 'Platform figures: lent, outstanding, borrowers, investors, overdue, concentration, related-party lending, compensations, fees',
  handler: 'functions/http/get-stats.ts',
  access: 'public',
  request: { query: statsQuery },
  responses: {
    200: { description: 'The figures; amounts in yuan, shares and rates as decimal strings', body: statsResponse },
    400: problem('The filter is invalid'),
  },
  resources: ['table:read'],
};

export const statsRoutes: readonly RouteDefinition[] = [getStatsRoute];
