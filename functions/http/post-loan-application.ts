/**
 * POST /v1/loan-applications (borrower, verified, idempotent): the pre-loan checks
 * (limits, the legal rate cap, the income multiple, the regulatory caps on this
 * platform and across platforms from the credit bureau), then the loan (APPLIED) and
 * the origination workflow, started with the loan id as the execution's name.
 *
 * The loan id derives from the caller and the Idempotency-Key, so a retry after a
 * failure between the write and the start finds the same loan and starts the same
 * execution: one loan, one execution, whatever fails when.
 */
import { createHash } from 'node:crypto';
import { applicationRefusals, ApplicationRefusedError } from '../core/loan-application';
import { ForbiddenError } from '../core/errors';
import { parseYuan, toFen } from '../core/money';
import { parseRate } from '../core/rate';
import { now } from '../adapters/runtime/clock';
import { creditBureau } from '../adapters/credit-bureau/credit-bureau';
import { policy } from '../settings/settings';
import { borrowerLoans, findApplication, platformOutstandingFen, submitApplication } from '../adapters/dynamodb/loan-application-repository';
import { startOrigination } from '../adapters/stepfunctions/origination-workflow';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import type { LoanApplicationRequest } from '../api/schemas/loan-applications';
import { postLoanApplicationRoute } from '../api/routes/loan-applications';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postLoanApplicationRoute, async (request) => {
  const borrowerId = request.caller!.userId;
  const body = request.body as LoanApplicationRequest;
  const loanId = `loan-${createHash('sha256').update(`${borrowerId}#${request.headers['idempotency-key'] ?? ''}`).digest('hex').slice(0, 32)}`;

  const retried = await findApplication(loanId);
  if (retried && retried.borrowerId === borrowerId) {
    await startOrigination(loanId);
    return { status: 202, body: { loanId, status: retried.status } };
  }

  const profile = await findUserProfile(borrowerId);
  if (profile?.verification?.status !== 'VERIFIED') throw new ForbiddenError('real-name verification must be complete before applying');

  const terms = {
    kind: body.kind,
    amountFen: toFen(parseYuan(body.amount)),
    termMonths: body.termMonths,
    annualRate: parseRate(body.annualRate),
    method: body.method,
    monthlyIncomeFen: toFen(parseYuan(body.monthlyIncome)),
  };
  const [report, loans] = await Promise.all([creditBureau().report({ userId: borrowerId }), borrowerLoans(borrowerId)]);
  const reasons: string[] = applicationRefusals(
    terms,
    { loanPrimeRate: policy.loanPrimeRate(), lprMultiple: policy.lprMultiple(), incomeMultiple: policy.incomeMultiple() },
    { platformOutstandingFen: platformOutstandingFen(loans), otherPlatformsOutstandingFen: report.otherPlatformsOutstandingFen },
  );
  if (profile.verification.kind !== body.kind) reasons.push('KIND_DIFFERS_FROM_VERIFICATION');
  if (reasons.length > 0) throw new ApplicationRefusedError(reasons);

  const loan = await submitApplication({
    loanId,
    borrowerId,
    kind: body.kind,
    amountFen: terms.amountFen,
    termMonths: body.termMonths,
    annualRate: body.annualRate,
    method: body.method,
    purpose: body.purpose,
    monthlyIncomeFen: terms.monthlyIncomeFen,
    createdAt: now().toISOString(),
  });
  await startOrigination(loanId);
  return { status: 202, body: { loanId, status: loan.status } };
});
