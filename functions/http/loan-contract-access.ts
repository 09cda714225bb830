/**
 * Who may see a loan's contract: its parties (the borrower, investors holding a live
 * bid in the loan) and auditors and admins. Anyone else is told there is no such loan.
 */
import { NotFoundError } from '../core/errors';
import { oversightRoles } from '../core/roles';
import { bidsOfLoan, findListing } from '../composition/read-models';
import type { Caller } from './route-handler';

const overseers = new Set(oversightRoles);

async function holdsLiveBid(loanId: string, investorId: string): Promise<boolean> {
  for await (const page of bidsOfLoan(loanId)) if (page.some((bid) => bid.investorId === investorId && bid.status !== 'VOIDED')) return true;
  return false;
}

export async function assertContractParty(loanId: string, caller: Caller): Promise<void> {
  const loan = await findListing(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  const allowed =
    loan.borrowerId === caller.userId ||
    caller.roles.some((role) => overseers.has(role)) ||
    (caller.roles.includes('investor') && (await holdsLiveBid(loanId, caller.userId)));
  if (!allowed) throw new NotFoundError(`no loan ${loanId}`);
}
