/** GET /v1/reconciliations/{businessDate} (auditor, admin): the day's reconciliation report. */
import { NotFoundError } from '../core/errors';
import { findReconciliationReport } from '../composition/read-models';
import { getReconciliationReportRoute } from '../api/routes/custody';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getReconciliationReportRoute, async (request) => {
  const date = String(request.params.businessDate);
  const report = await findReconciliationReport(date);
  if (!report) throw new NotFoundError(`${date} has not been reconciled`);
  return { status: 200, body: report };
});
