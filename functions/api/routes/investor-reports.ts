/** The investor's portfolio and true return, and their statements (对账单). */
import { portfolioView, statementParams, statementQuery, statementView } from '../schemas/investor-reports';
import { problem, type RouteDefinition } from '../route-definition';

export const getMyPortfolioRoute: RouteDefinition = {
  id: 'getMyPortfolio',
  method: 'GET',
  path: '/v1/me/portfolio',
  summary: 'The caller’s portfolio as an investor: invested, outstanding, received principal / interest / penalty, fees, compensation, write-offs, by loan, by grade and in total; the net annual return (XIRR); concentration warnings',
  handler: 'functions/http/get-my-portfolio.ts',
  access: ['investor'],
  responses: { 200: { description: 'The portfolio', body: portfolioView } },
  resources: ['table:read'],
};

export const getMyStatementRoute: RouteDefinition = {
  id: 'getMyStatement',
  method: 'GET',
  path: '/v1/me/statements/{period}',
  summary: 'The caller’s statement for a past month or year: every cash flow with its date and loan, and the totals; made on the first request and never changed after (JSON, CSV or PDF)',
  handler: 'functions/http/get-my-statement.ts',
  access: ['investor'],
  request: { params: statementParams, query: statementQuery },
  responses: {
    200: { description: 'The statement (JSON by default; format=csv gives text/csv, format=pdf application/pdf)', body: statementView },
    400: problem('Not a month or a year, a period that has not ended, or an unknown format'),
  },
  resources: ['table:read', 'documents:read', 'documents:write'],
};

export const investorReportRoutes: readonly RouteDefinition[] = [getMyPortfolioRoute, getMyStatementRoute];
