/**
 * POST /v1/loans/{loanId}/contract/consent (borrower): the borrower accepts the agreement's
 * terms named by their hash, before the loan is funded; recorded once with the time and the
 * request id (functions/application/contract-consent.ts).
 */
import type { z } from 'zod';
import { now } from '../adapters/runtime/clock';
import { acceptLoanTerms } from '../application/contract-consent';
import { contractConsent } from '../composition/contract-consent';
import type { consentRequest } from '../api/schemas/loan-agreements';
import { postLoanContractConsentRoute } from '../api/routes/loan-contracts';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postLoanContractConsentRoute, async (request) => {
  const { termsHash } = request.body as z.infer<typeof consentRequest>;
  const consent = await acceptLoanTerms(contractConsent, request.caller!.userId, request.params.loanId as string, termsHash, request.requestId, now());
  return { status: 201, body: consent, headers: { 'cache-control': 'no-store' } };
});
