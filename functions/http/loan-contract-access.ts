/**
 * Who may see a loan's documents: the contract's parties (the borrower, investors holding a
 * live bid in the loan, and investors who bought a part of it), a transfer agreement's seller
 * and buyer, and auditors and admins. Anyone else is told there is no such loan.
 */
import { NotFoundError } from '../core/errors';
import { oversightRoles } from '../core/roles';
import { bidsOfLoan, contractContentType, findHolding, findListing, findPurchase } from '../composition/read-models';
import type { Caller } from './route-handler';

const overseers = new Set(oversightRoles);
const oversees = (caller: Caller): boolean => caller.roles.some((role) => overseers.has(role));

async function holdsLiveBid(loanId: string, investorId: string): Promise<boolean> {
  for await (const page of bidsOfLoan(loanId)) if (page.some((bid) => bid.investorId === investorId && bid.status !== 'VOIDED')) return true;
  return false;
}

/** Whether the caller may see the loan's contract; false for a loan that does not exist. */
export async function isContractParty(loanId: string, caller: Caller): Promise<boolean> {
  const loan = await findListing(loanId);
  if (!loan) return false;
  return (
    loan.borrowerId === caller.userId ||
    oversees(caller) ||
    (caller.roles.includes('investor') && ((await holdsLiveBid(loanId, caller.userId)) || (await findHolding(caller.userId, loanId)) !== undefined))
  );
}

export async function assertContractParty(loanId: string, caller: Caller): Promise<void> {
  if (!(await isContractParty(loanId, caller))) throw new NotFoundError(`no loan ${loanId}`);
}

/** Whether the caller may see the agreement of a transfer of this loan: its seller, its buyer, auditors and admins. */
export async function isTransferParty(loanId: string, purchaseId: string, caller: Caller): Promise<boolean> {
  const purchase = await findPurchase(purchaseId);
  if (!purchase || purchase.loanId !== loanId) return false;
  return purchase.sellerId === caller.userId || purchase.buyerId === caller.userId || oversees(caller);
}

export async function assertTransferParty(loanId: string, purchaseId: string, caller: Caller): Promise<void> {
  if (!(await isTransferParty(loanId, purchaseId, caller))) throw new NotFoundError(`no transfer agreement ${purchaseId} of loan ${loanId}`);
}

/** A signed document's PDF as a download, tagged with its recorded digest. */
export const signedPdfResponse = (found: { readonly record: { readonly sha256: string }; readonly bytes: Uint8Array }, filename: string) => ({
  status: 200,
  body: found.bytes,
  headers: {
    'content-type': contractContentType,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'private, no-store',
    etag: `"${found.record.sha256}"`,
  },
});
