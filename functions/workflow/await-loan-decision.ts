/**
 * Workflow task (.waitForTaskToken): parks the loan until a decision arrives. For a
 * review it moves the loan into review; either way it records the task token on the
 * loan, where the reviewer's decision or the bid that fills the listing finds it.
 * Running it twice records the same token twice: nothing changes.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { enqueueForReview } from '../adapters/dynamodb/loan-application-repository';
import { applyLoanEvent, recordPendingDecision } from '../adapters/dynamodb/loan-repository';
import { workflowTask } from '../adapters/runtime/request-context';
import { completeSubscriptionIfFull } from '../application/bidding';
import { bidding } from '../composition/money';

const taskInput = z.object({
  loanId: z.string().min(1),
  decision: z.enum(['REVIEW', 'SUBSCRIPTION']),
  taskToken: z.string().min(1),
});

async function run(event: unknown): Promise<{ readonly waiting: string }> {
  const input = taskInput.parse(event);
  const at = now();
  if (input.decision === 'REVIEW') await applyLoanEvent(input.loanId, 'OPEN_REVIEW', at);
  await recordPendingDecision(input.loanId, input.decision, input.taskToken, at);
  // A bid may have filled the listing before the token was recorded: then this wait completes itself at once.
  if (input.decision === 'SUBSCRIPTION') await completeSubscriptionIfFull(bidding, input.loanId, { filledBy: 'before-the-wait' });
  // With its token recorded, the loan joins the reviewers' queue (GET /v1/reviews).
  if (input.decision === 'REVIEW') await enqueueForReview(input.loanId, at);
  return { waiting: input.decision };
}

export const handler = workflowTask('await-loan-decision', run);
