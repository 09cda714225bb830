/** GET /v1/loans/{loanId}/supplementary-agreement/verification: the stored agreement's digest, signatures and the borrower's acceptance checked (the contract's parties, auditors, admins). */
import { NotFoundError } from '../core/errors';
import { verifySupplementaryAgreement } from '../composition/read-models';
import { assertContractParty } from './loan-contract-access';
import { getSupplementaryAgreementVerificationRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getSupplementaryAgreementVerificationRoute, async (request) => {
  const loanId = request.params.loanId as string;
  await assertContractParty(loanId, request.caller!);
  const verification = await verifySupplementaryAgreement(loanId);
  if (!verification) throw new NotFoundError(`loan ${loanId} has no accepted reschedule`);
  return { status: 200, body: verification, headers: { 'cache-control': 'no-store' } };
});
