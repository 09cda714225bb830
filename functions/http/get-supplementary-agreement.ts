/** GET /v1/loans/{loanId}/supplementary-agreement: the signed supplementary agreement of the loan's accepted reschedule, for the contract's parties, auditors and admins (others 404). */
import { NotFoundError } from '../core/errors';
import { supplementaryAgreementDocument } from '../composition/read-models';
import { assertContractParty, signedPdfResponse } from './loan-contract-access';
import { getSupplementaryAgreementRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getSupplementaryAgreementRoute, async (request) => {
  const loanId = request.params.loanId as string;
  await assertContractParty(loanId, request.caller!);
  const found = await supplementaryAgreementDocument(loanId);
  if (!found) throw new NotFoundError(`loan ${loanId} has no accepted reschedule`);
  return signedPdfResponse(found, `supplementary-agreement-${loanId}-v${found.record.version}.pdf`);
});
