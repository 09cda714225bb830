/**
 * The loan-origination workflow as the HTTP side uses it: start it for a loan
 * (exactly once: the execution is named by the loan id and its input is only that id,
 * so a retried start is the same start), and hand a reviewer's decision to the task
 * waiting for it.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ConcurrentModificationError } from '../../core/errors';
import { config } from '../../settings/settings';
import { completeTask } from './task-tokens';
import { stepFunctions } from './workflow-engine';

export async function startOrigination(loanId: string): Promise<void> {
  try {
    await stepFunctions.send(
      new StartExecutionCommand({ stateMachineArn: config.stateMachineArn('loan-origination'), name: loanId, input: JSON.stringify({ loanId }) }),
    );
  } catch (error) {
    // The same name with the same input started before and has finished since: it ran once.
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
  }
}

/** Completes the waiting task; a token already used or no longer waiting is a conflict. */
export async function completeWaitingTask(taskToken: string, output: unknown): Promise<void> {
  if ((await completeTask(taskToken, { output })) === 'gone') throw new ConcurrentModificationError('the loan is no longer waiting for this decision');
}
