/** GET /v1/loans/{loanId}/contract: the signed contract PDF, for its parties, auditors and admins (others 404). */
import { NotFoundError } from '../core/errors';
import { contractContentType, loanContractDocument } from '../composition/read-models';
import { assertContractParty } from './loan-contract-access';
import { getLoanContractRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getLoanContractRoute, async (request) => {
  const loanId = request.params.loanId as string;
  await assertContractParty(loanId, request.caller!);
  const found = await loanContractDocument(loanId);
  if (!found) throw new NotFoundError(`loan ${loanId} has no contract yet`);
  return {
    status: 200,
    body: found.bytes,
    headers: {
      'content-type': contractContentType,
      'content-disposition': `attachment; filename="loan-contract-${loanId}-v${found.record.version}.pdf"`,
      'cache-control': 'private, no-store',
      etag: `"${found.record.sha256}"`,
    },
  };
});
