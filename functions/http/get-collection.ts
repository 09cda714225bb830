/** GET /v1/collections/{loanId} (reviewer, admin, auditor): the case, its overdue figures and its action log. */
import { NotFoundError } from '../core/errors';
import { fen, formatYuan } from '../core/money';
import { outstandingPenaltyFen, unpaidFen } from '../core/overdue';
import { collectionActions, findCollectionCase, installmentsOf } from '../composition/read-models';
import { getCollectionRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getCollectionRoute, async (request) => {
  const loanId = request.params.loanId as string;
  const collectionCase = await findCollectionCase(loanId);
  if (!collectionCase) throw new NotFoundError(`no collection case for loan ${loanId}`);
  const overdue = (await installmentsOf(loanId)).filter((installment) => installment.status === 'OVERDUE');
  const actions = await collectionActions(loanId);
  return {
    status: 200,
    body: {
      ...collectionCase,
      overdue: {
        unpaid: formatYuan(fen(overdue.reduce((sum, installment) => sum + unpaidFen(installment), 0))),
        penaltyOutstanding: formatYuan(fen(overdue.reduce((sum, installment) => sum + outstandingPenaltyFen(installment), 0))),
        installments: overdue.length,
      },
      actions: actions.map(({ kind, at, by, detail }) => ({ kind, at, by, ...(detail ? { detail } : {}) })),
    },
    headers: { 'cache-control': 'no-store' },
  };
});
