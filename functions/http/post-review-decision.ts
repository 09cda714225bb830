/**
 * POST /v1/reviews/{loanId}/decision (reviewer, admin, idempotent): a reviewer's
 * decision on an application in manual review. It completes the workflow task that
 * waits for it (SendTaskSuccess with the token stored on the loan); the workflow then
 * lists or rejects the loan. Nobody decides their own loan.
 */
import { ForbiddenError, InvalidTransitionError } from '../core/errors';
import { now } from '../adapters/runtime/clock';
import { closeApplication, findApplication, recordReviewerDecision } from '../adapters/dynamodb/loan-application-repository';
import { completeWaitingTask } from '../adapters/stepfunctions/origination-workflow';
import { NotFoundError } from '../core/errors';
import type { ReviewDecisionRequest } from '../api/schemas/loan-applications';
import { postReviewDecisionRoute } from '../api/routes/loan-applications';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postReviewDecisionRoute, async (request) => {
  const reviewerId = request.caller!.userId;
  const { loanId } = request.params as { loanId: string };
  const decision = request.body as ReviewDecisionRequest;
  const loan = await findApplication(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  if (loan.borrowerId === reviewerId) throw new ForbiddenError('a reviewer never decides their own loan');
  if (loan.status !== 'IN_REVIEW' || loan.pendingDecision?.decision !== 'REVIEW') {
    throw new InvalidTransitionError(`loan ${loanId} is not waiting for a review decision (${loan.status})`);
  }
  // Only ids and codes go into the workflow's state.
  const output =
    decision.decision === 'APPROVED'
      ? { decision: 'APPROVED', grade: decision.grade, reviewerId }
      : { decision: 'REJECTED', reasons: decision.reasons, reviewerId };
  await completeWaitingTask(loan.pendingDecision.taskToken, output);
  const at = now();
  await recordReviewerDecision(loanId, reviewerId, decision.decision, at);
  await closeApplication(loan);
  return { status: 200, body: { loanId, decision: decision.decision, reviewerId } };
});
