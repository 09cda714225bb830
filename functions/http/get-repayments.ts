/**
 * GET /v1/loans/{loanId}/repayments: the loan's repayments, newest first, for its
 * borrower, its investors (each with their own share) and reviewers, auditors, admins;
 * anyone else gets a 404.
 */
import { bidsOfLoan, findLoan, findHolding, listRepayments } from '../composition/read-models';
import { NotFoundError } from '../core/errors';
import { listRepaymentsRoute } from '../api/routes/servicing';
import { routeHandler } from './route-handler';
import { repaymentBody } from './servicing-views';

const staff = new Set(['reviewer', 'auditor', 'admin']);

async function investsIn(loanId: string, investorId: string): Promise<boolean> {
  if (await findHolding(investorId, loanId)) return true;
  for await (const page of bidsOfLoan(loanId)) if (page.some((bid) => bid.investorId === investorId && bid.status === 'POSTED')) return true;
  return false;
}

export const handler = routeHandler(listRepaymentsRoute, async (request) => {
  const loanId = request.params.loanId as string;
  const caller = request.caller!;
  const loan = await findLoan(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  const borrower = loan.borrowerId === caller.userId;
  const investor = !borrower && caller.roles.includes('investor') && (await investsIn(loanId, caller.userId));
  if (!borrower && !investor && !caller.roles.some((role) => staff.has(role))) throw new NotFoundError(`no loan ${loanId}`);
  const { limit, cursor } = request.query as { limit: number; cursor?: string };
  const page = await listRepayments(loanId, limit, cursor);
  return {
    status: 200,
    body: { items: page.items.map((record) => repaymentBody(record, investor ? caller.userId : undefined)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
