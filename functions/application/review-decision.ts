/**
 * A reviewer decides an application in manual review (POST /v1/reviews/{loanId}/decision).
 * It completes the workflow task that waits for it (with the token stored on the loan);
 * the workflow then lists or rejects the loan. Nobody decides their own loan.
 */
import { ForbiddenError, InvalidTransitionError, NotFoundError } from '../core/errors';
import type { LoanApplicationRecord } from '../core/loan-application';
import type { LoanRecord } from '../core/loan-lifecycle';

export type ReviewerDecision =
  | { readonly decision: 'APPROVED'; readonly grade: string }
  | { readonly decision: 'REJECTED'; readonly reasons: readonly string[] };

export interface ReviewDecisionPorts {
  readonly applications: {
    find(loanId: string): Promise<LoanApplicationRecord | undefined>;
    recordReviewerDecision(loanId: string, reviewerId: string, decision: string, at: Date): Promise<void>;
    close(loan: Pick<LoanRecord, 'loanId' | 'borrowerId'>): Promise<void>;
  };
  /** Completes the origination workflow's waiting task. */
  readonly workflow: { completeWaitingTask(taskToken: string, output: unknown): Promise<void> };
}

export async function decideReview(ports: ReviewDecisionPorts, loanId: string, reviewerId: string, decision: ReviewerDecision, at: Date): Promise<{ loanId: string; decision: string; reviewerId: string }> {
  const loan = await ports.applications.find(loanId);
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
  await ports.workflow.completeWaitingTask(loan.pendingDecision.taskToken, output);
  await ports.applications.recordReviewerDecision(loanId, reviewerId, decision.decision, at);
  await ports.applications.close(loan);
  return { loanId, decision: decision.decision, reviewerId };
}
