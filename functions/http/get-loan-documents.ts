/**
 * GET /v1/loans/{loanId}/documents: the loan's signed documents the caller may see: the
 * contract and an accepted reschedule's supplementary agreement for its parties, each settled transfer's agreement for its seller and buyer;
 * auditors and admins see all. Nothing visible: 404, as if there were no such loan.
 */
import { NotFoundError } from '../core/errors';
import { findLoanContract, findSupplementaryAgreement, transferAgreementsOfLoan } from '../composition/read-models';
import { isContractParty, isTransferParty } from './loan-contract-access';
import { listLoanDocumentsRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listLoanDocumentsRoute, async (request) => {
  const loanId = request.params.loanId as string;
  const caller = request.caller!;
  const [contractParty, contract, supplementary, agreements] = await Promise.all([
    isContractParty(loanId, caller),
    findLoanContract(loanId),
    findSupplementaryAgreement(loanId),
    transferAgreementsOfLoan(loanId),
  ]);
  const visible = await Promise.all(agreements.map(async (agreement) => ((await isTransferParty(loanId, agreement.purchaseId, caller)) ? agreement : undefined)));
  const items = [
    ...(contractParty && contract
      ? [
          {
            kind: 'loan-contract' as const,
            documentId: loanId,
            href: `/v1/loans/${loanId}/contract`,
            verificationHref: `/v1/loans/${loanId}/contract/verification`,
            version: contract.version,
            sha256: contract.sha256,
            ...(contract.termsHash ? { termsHash: contract.termsHash } : {}),
            signedAt: contract.signedAt,
          },
        ]
      : []),
    ...(contractParty && supplementary
      ? [
          {
            kind: 'supplementary-agreement' as const,
            documentId: loanId,
            href: `/v1/loans/${loanId}/supplementary-agreement`,
            verificationHref: `/v1/loans/${loanId}/supplementary-agreement/verification`,
            version: supplementary.version,
            sha256: supplementary.sha256,
            termsHash: supplementary.sha256,
            signedAt: supplementary.signedAt,
          },
        ]
      : []),
    ...visible
      .filter((agreement) => agreement !== undefined)
      .map((agreement) => ({
        kind: 'transfer-agreement' as const,
        documentId: agreement.purchaseId,
        href: `/v1/loans/${loanId}/transfer-agreements/${agreement.purchaseId}`,
        verificationHref: `/v1/loans/${loanId}/transfer-agreements/${agreement.purchaseId}/verification`,
        version: agreement.version,
        sha256: agreement.sha256,
        termsHash: agreement.termsHash,
        signedAt: agreement.signedAt,
      })),
  ];
  if (!contractParty && items.length === 0) throw new NotFoundError(`no loan ${loanId}`);
  return { status: 200, body: { items }, headers: { 'cache-control': 'no-store' } };
});
