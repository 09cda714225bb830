/** GET /v1/loans/{loanId}/contract: the signed contract PDF, for its parties, auditors and admins (others 404). */
import { NotFoundError } from '../core/errors';
import { loanContractDocument } from '../composition/read-models';
import { assertContractParty, signedPdfResponse } from './loan-contract-access';
import { getLoanContractRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getLoanContractRoute, async (request) => {
  const loanId = request.params.loanId as string;
  await assertContractParty(loanId, request.caller!);
  const found = await loanContractDocument(loanId);
  if (!found) throw new NotFoundError(`loan ${loanId} has no contract yet`);
  return signedPdfResponse(found, `loan-contract-${loanId}-v${found.record.version}.pdf`);
});
