/**
 * POST /v1/loan-applications (borrower, verified, idempotent): the pre-loan checks, the
 * loan (APPLIED) and its origination workflow (functions/application/loan-application.ts).
 */
import { now } from '../adapters/runtime/clock';
import { applyForLoan } from '../application/loan-application';
import { loanApplication } from '../composition/origination';
import type { LoanApplicationRequest } from '../api/schemas/loan-applications';
import { postLoanApplicationRoute } from '../api/routes/loan-applications';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postLoanApplicationRoute, async (request) => {
  const application = { borrowerId: request.caller!.userId, idempotencyKey: request.headers['idempotency-key'] ?? '', form: request.body as LoanApplicationRequest };
  const { loanId, status } = await applyForLoan(loanApplication, application, now());
  return { status: 202, body: { loanId, status } };
});
