/**
 * POST /v1/reviews/{loanId}/decision (reviewer, admin, idempotent): a reviewer's decision
 * on an application in manual review (functions/application/review-decision.ts); the
 * workflow then lists or rejects the loan. Nobody decides their own loan.
 */
import { now } from '../adapters/runtime/clock';
import { decideReview } from '../application/review-decision';
import { reviewDecision } from '../composition/origination';
import type { ReviewDecisionRequest } from '../api/schemas/loan-applications';
import { postReviewDecisionRoute } from '../api/routes/loan-applications';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postReviewDecisionRoute, async (request) => {
  const { loanId } = request.params as { loanId: string };
  const body = await decideReview(reviewDecision, loanId, request.caller!.userId, request.body as ReviewDecisionRequest, now());
  return { status: 200, body };
});
