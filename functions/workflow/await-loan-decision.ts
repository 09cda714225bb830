/**
 * Workflow task (.waitForTaskToken): parks the loan until a decision arrives, its task
 * token recorded on the loan (functions/application/loan-decision-wait.ts).
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { workflowTask } from '../adapters/runtime/request-context';
import { awaitLoanDecision } from '../application/loan-decision-wait';
import { loanDecisionWait } from '../composition/origination';

const taskInput = z.object({
  loanId: z.string().min(1),
  decision: z.enum(['REVIEW', 'SUBSCRIPTION']),
  taskToken: z.string().min(1),
});

export const handler = workflowTask('await-loan-decision', (event: unknown) => awaitLoanDecision(loanDecisionWait, taskInput.parse(event), now()));
