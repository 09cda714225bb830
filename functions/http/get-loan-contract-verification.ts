/** GET /v1/loans/{loanId}/contract/verification: the stored contract's digest and signatures checked (parties, auditors, admins). */
import { NotFoundError } from '../core/errors';
import { verifyLoanAgreement } from '../composition/read-models';
import { assertContractParty } from './loan-contract-access';
import { getLoanContractVerificationRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getLoanContractVerificationRoute, async (request) => {
  const loanId = request.params.loanId as string;
  await assertContractParty(loanId, request.caller!);
  const verification = await verifyLoanAgreement(loanId);
  if (!verification) throw new NotFoundError(`loan ${loanId} has no contract yet`);
  return { status: 200, body: verification, headers: { 'cache-control': 'no-store' } };
});
