/**
 * Workflow task (.waitForTaskToken): disbursement (放款). Records the wait's token and
 * the figures on the FUNDED loan, then sends the one custody transfer instruction
 * (`disb-{loanId}`) to the bank. The bank's signed callback completes or fails the
 * wait; the ledger moves only in the next task, after the bank confirmed. A retry
 * records the new token and sends the same instruction, which the bank executes once.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { requestDisbursement } from '../application/disbursement';
import { disbursementRequest } from '../composition/money';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({ loanId: z.string().min(1), taskToken: z.string().min(1) });

async function run(event: unknown): Promise<{ readonly waiting: string; readonly instructionId: string }> {
  const input = taskInput.parse(event);
  const { instructionId } = await requestDisbursement(disbursementRequest, input.loanId, input.taskToken, now());
  return { waiting: 'DISBURSEMENT', instructionId };
}

export const handler = workflowTask('disburse-loan', run);
