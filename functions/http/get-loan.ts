/**
 * GET /v1/loans/{loanId}: status, terms, grade, funded, history and, once repaying, the
 * schedule. Visible to the loan's borrower, investors holding a bid in it, and
 * reviewers, auditors and admins; anyone else gets a 404 (the loan's existence is not disclosed).
 */
import { NotFoundError } from '../core/errors';
import { installmentsOf, bidsOfLoan, findListing, servicingState } from '../composition/read-models';
import { loanBody } from './loan-views';
import { repaidBody } from './servicing-views';
import { getLoanRoute } from '../api/routes/loans';
import { routeHandler } from './route-handler';

const staff = new Set(['reviewer', 'auditor', 'admin']);
/** Statuses whose loan has a repayment schedule (with what has been paid). */
const withSchedule = new Set<string>(['REPAYING', 'DEFAULTED', 'WRITTEN_OFF', 'SETTLED']);

async function holdsBid(loanId: string, investorId: string): Promise<boolean> {
  for await (const page of bidsOfLoan(loanId)) if (page.some((bid) => bid.investorId === investorId && bid.status !== 'VOIDED')) return true;
  return false;
}

export const handler = routeHandler(getLoanRoute, async (request) => {
  const loanId = request.params.loanId as string;
  const caller = request.caller!;
  const loan = await findListing(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  const allowed = loan.borrowerId === caller.userId || caller.roles.some((role) => staff.has(role)) || (caller.roles.includes('investor') && (await holdsBid(loanId, caller.userId)));
  if (!allowed) throw new NotFoundError(`no loan ${loanId}`);
  const installments = withSchedule.has(loan.status) ? await installmentsOf(loanId) : undefined;
  const repaid = installments ? await servicingState(loanId) : undefined;
  return { status: 200, body: { ...loanBody(loan, installments), ...(repaid ? { repaid: repaidBody(repaid) } : {}) }, headers: { 'cache-control': 'no-store' } };
});
