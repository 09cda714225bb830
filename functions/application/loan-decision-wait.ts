/**
 * The origination workflow parks a loan until a decision arrives (.waitForTaskToken):
 * for a review it moves the loan into review; either way it records the task token on
 * the loan, where the reviewer's decision or the bid that fills the listing finds it.
 * A bid may have filled the listing before the token was recorded: then the wait
 * completes itself at once (see application/bidding completeSubscriptionIfFull).
 * Running it twice records the same token twice: nothing changes.
 */
import type { LoanEvents } from './risk-review';

export type AwaitedDecision = 'REVIEW' | 'SUBSCRIPTION';

export interface LoanDecisionWaitPorts {
  readonly loans: LoanEvents & { recordPendingDecision(loanId: string, decision: string, taskToken: string, at: Date): Promise<void> };
  readonly reviewQueue: { enqueue(loanId: string, at: Date): Promise<void> };
  /** Completes the subscription wait if the listing is already full. */
  readonly subscriptions: { completeIfFull(loanId: string): Promise<unknown> };
}

export async function awaitLoanDecision(ports: LoanDecisionWaitPorts, wait: { readonly loanId: string; readonly decision: AwaitedDecision; readonly taskToken: string }, at: Date): Promise<{ readonly waiting: string }> {
  if (wait.decision === 'REVIEW') await ports.loans.applyLoanEvent(wait.loanId, 'OPEN_REVIEW', at);
  await ports.loans.recordPendingDecision(wait.loanId, wait.decision, wait.taskToken, at);
  if (wait.decision === 'SUBSCRIPTION') await ports.subscriptions.completeIfFull(wait.loanId);
  // With its token recorded, the loan joins the reviewers' queue (GET /v1/reviews).
  if (wait.decision === 'REVIEW') await ports.reviewQueue.enqueue(wait.loanId, at);
  return { waiting: wait.decision };
}
