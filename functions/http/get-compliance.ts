/** GET /v1/compliance?month= (auditor, admin): the month's compliance self-check (functions/application/compliance.ts). */
import { now } from '../adapters/runtime/clock';
import { complianceSelfCheck } from '../application/compliance';
import { compliance } from '../composition/disclosure';
import { getComplianceRoute } from '../api/routes/compliance';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getComplianceRoute, async (request) => ({
  status: 200,
  body: await complianceSelfCheck(compliance, String(request.query.month), now()),
  headers: { 'cache-control': 'private, no-store' },
}));
