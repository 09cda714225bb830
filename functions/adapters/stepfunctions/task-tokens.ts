/**
 * Completing a Step Functions task that waits for its token (.waitForTaskToken): the
 * one implementation of the workflow port's completeTask
 * (../../application/ports/workflow-engine.ts).
 *
 * Policy: TaskTimedOut, InvalidToken and TaskDoesNotExist all mean the same thing to
 * the platform — the wait is no longer there (it timed out, it was completed already
 * by another sender, or the token is unknown to the engine). completeTask answers
 * 'gone' for all three and lets the caller decide: a bid or a bank callback that finds
 * the wait gone has nothing more to do; a reviewer's decision on a wait that is gone
 * is a conflict (409). Any other error (throttling, the engine unavailable) is thrown,
 * so the caller's retry sends again; the engine takes a token once.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { TaskCompletion, TaskOutcome } from '../../application/ports/workflow-engine';
import { stepFunctions } from './workflow-engine';

const waitGone = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

export async function completeTask(taskToken: string, outcome: TaskOutcome): Promise<TaskCompletion> {
  try {
    if ('output' in outcome) await stepFunctions.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(outcome.output) }));
    else await stepFunctions.send(new SendTaskFailureCommand({ taskToken, error: outcome.error, cause: outcome.cause }));
    return 'completed';
  } catch (error) {
    if (error instanceof Error && waitGone.has(error.name)) return 'gone';
    throw error;
  }
}
