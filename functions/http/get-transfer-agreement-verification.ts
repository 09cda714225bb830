/** GET /v1/loans/{loanId}/transfer-agreements/{purchaseId}/verification: the stored agreement's digest, signatures and consents checked (seller, buyer, auditors, admins). */
import { NotFoundError } from '../core/errors';
import { verifyTransferAgreement } from '../composition/read-models';
import { assertTransferParty } from './loan-contract-access';
import { getTransferAgreementVerificationRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getTransferAgreementVerificationRoute, async (request) => {
  const { loanId, purchaseId } = request.params as { loanId: string; purchaseId: string };
  await assertTransferParty(loanId, purchaseId, request.caller!);
  const verification = await verifyTransferAgreement(loanId, purchaseId);
  if (!verification) throw new NotFoundError(`transfer ${purchaseId} has no agreement yet`);
  return { status: 200, body: verification, headers: { 'cache-control': 'no-store' } };
});
