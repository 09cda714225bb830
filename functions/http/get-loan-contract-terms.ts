/**
 * GET /v1/loans/{loanId}/contract/terms: the agreement's terms and their hash, which the
 * borrower's consent and each bid name (functions/application/contract-consent.ts). The
 * borrower, any investor while the loan is listed, and the contract's parties, auditors and
 * admins may read them; anyone else is told there is no such loan.
 */
import { termsToAccept } from '../application/contract-consent';
import { contractConsent } from '../composition/contract-consent';
import { assertContractParty } from './loan-contract-access';
import { getLoanContractTermsRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getLoanContractTermsRoute, async (request) => {
  const loanId = request.params.loanId as string;
  const caller = request.caller!;
  const { loan, terms, termsHash, borrowerConsent } = await termsToAccept(contractConsent, loanId);
  const openToInvestors = loan.status === 'LISTED' && caller.roles.includes('investor');
  if (loan.borrowerId !== caller.userId && !openToInvestors) await assertContractParty(loanId, caller);
  return { status: 200, body: { loanId, termsHash, terms, ...(borrowerConsent ? { borrowerConsent } : {}) }, headers: { 'cache-control': 'no-store' } };
});
