/**
 * The route manifest: every HTTP route of the platform, with its zod schemas. The CDK
 * stack builds one Lambda function per handler file and one API Gateway route per
 * entry; the twin's gateway serves the same entries with the same handlers; the
 * OpenAPI document is generated from it. Each area keeps its routes in ./routes/, each
 * route its own exported constant: a handler imports its own entry from there
 * (`routeHandler(getLoanRoute, …)`), never this list, so that its bundle holds and its
 * cold start evaluates only that area's schemas; test/unit/http/route-handler-manifest.test.ts
 * proves each handler's route is this list's entry for its file.
 */
import type { RouteDefinition } from './route-definition';
import { auditRoutes } from './routes/audit';
import { collectionRoutes } from './routes/collections';
import { complianceRoutes } from './routes/compliance';
import { custodyRoutes } from './routes/custody';
import { disclosureRoutes } from './routes/disclosures';
import { identityRoutes } from './routes/identity';
import { investorReportRoutes } from './routes/investor-reports';
import { listingRoutes } from './routes/listings';
import { loanApplicationRoutes } from './routes/loan-applications';
import { loanContractRoutes } from './routes/loan-contracts';
import { loanRoutes } from './routes/loans';
import { noticeRoutes } from './routes/notices';
import { platformRoutes } from './routes/platform';
import { rescheduleRoutes } from './routes/reschedules';
import { servicingRoutes } from './routes/servicing';
import { statsRoutes } from './routes/stats';
import { transferRoutes } from './routes/transfers';
import { verificationRoutes } from './routes/verification';

export type { HttpMethod, ResourceAccess, RouteDefinition, RouteResponse } from './route-definition';

export const routes: readonly RouteDefinition[] = [...platformRoutes, ...verificationRoutes, ...identityRoutes, ...custodyRoutes, ...listingRoutes, ...loanApplicationRoutes, ...loanRoutes, ...rescheduleRoutes, ...loanContractRoutes, ...collectionRoutes, ...servicingRoutes, ...investorReportRoutes, ...auditRoutes, ...statsRoutes, ...disclosureRoutes, ...complianceRoutes, ...transferRoutes, ...noticeRoutes];

/** For tools and tests; a handler imports its own entry instead (see above). */
export function routeById(id: string): RouteDefinition {
  const route = routes.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`no route ${id} in the manifest`);
  return route;
}
