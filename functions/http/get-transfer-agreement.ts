/** GET /v1/loans/{loanId}/transfer-agreements/{purchaseId}: a settled transfer's signed agreement PDF, for its seller, its buyer, auditors and admins (others 404). */
import { NotFoundError } from '../core/errors';
import { transferAgreementDocument } from '../composition/read-models';
import { assertTransferParty, signedPdfResponse } from './loan-contract-access';
import { getTransferAgreementRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getTransferAgreementRoute, async (request) => {
  const { loanId, purchaseId } = request.params as { loanId: string; purchaseId: string };
  await assertTransferParty(loanId, purchaseId, request.caller!);
  const found = await transferAgreementDocument(loanId, purchaseId);
  if (!found) throw new NotFoundError(`transfer ${purchaseId} has no agreement yet`);
  return signedPdfResponse(found, `transfer-agreement-${purchaseId}-v${found.record.version}.pdf`);
});
