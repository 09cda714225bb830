/**
 * The API's routes grouped into areas, one nested stack each on AWS, so that no stack
 * comes near CloudFormation's resource limit as routes are added (a route costs about
 * seven resources: function, role, policy, log group, permission, integration, route).
 * Every route of the manifest is in exactly one area: apiAreas() throws otherwise, so a
 * new group of routes must be placed here before the app synthesizes.
 */
import { routes, type RouteDefinition } from '../functions/api/routes';
import { auditRoutes } from '../functions/api/routes/audit';
import { collectionRoutes } from '../functions/api/routes/collections';
import { complianceRoutes } from '../functions/api/routes/compliance';
import { custodyRoutes } from '../functions/api/routes/custody';
import { disclosureRoutes } from '../functions/api/routes/disclosures';
import { identityRoutes } from '../functions/api/routes/identity';
import { investorReportRoutes } from '../functions/api/routes/investor-reports';
import { listingRoutes } from '../functions/api/routes/listings';
import { loanApplicationRoutes } from '../functions/api/routes/loan-applications';
import { loanContractRoutes } from '../functions/api/routes/loan-contracts';
import { loanRoutes } from '../functions/api/routes/loans';
import { noticeRoutes } from '../functions/api/routes/notices';
import { platformRoutes } from '../functions/api/routes/platform';
import { rescheduleRoutes } from '../functions/api/routes/reschedules';
import { servicingRoutes } from '../functions/api/routes/servicing';
import { statsRoutes } from '../functions/api/routes/stats';
import { transferRoutes } from '../functions/api/routes/transfers';
import { verificationRoutes } from '../functions/api/routes/verification';

export interface ApiArea {
  /** The nested stack's construct id. */
  readonly name: string;
  readonly routes: readonly RouteDefinition[];
}

const areas: readonly ApiArea[] = [
  { name: 'AccountsApi', routes: [...platformRoutes, ...identityRoutes, ...verificationRoutes, ...investorReportRoutes, ...noticeRoutes] },
  { name: 'MoneyApi', routes: [...custodyRoutes, ...listingRoutes, ...servicingRoutes, ...transferRoutes] },
  { name: 'LoansApi', routes: [...loanApplicationRoutes, ...loanRoutes, ...rescheduleRoutes, ...loanContractRoutes, ...collectionRoutes] },
  { name: 'OversightApi', routes: [...auditRoutes, ...statsRoutes, ...disclosureRoutes, ...complianceRoutes] },
];

export function apiAreas(): readonly ApiArea[] {
  const placed = areas.flatMap((area) => area.routes.map((route) => route.id));
  const unplaced = routes.filter((route) => !placed.includes(route.id)).map((route) => route.id);
  const twice = placed.filter((id, index) => placed.indexOf(id) !== index);
  if (unplaced.length > 0 || twice.length > 0 || placed.length !== routes.length) {
    throw new Error(`lib/api-areas.ts: routes in no area: [${unplaced.join(', ')}]; in two: [${twice.join(', ')}]`);
  }
  return areas;
}
