/**
 * The loan-servicing workflow as the rest of the platform uses it: start it for a loan
 * that became REPAYING, and continue it in a new execution before a Standard
 * execution's one-year limit. Executions are named by the loan id (`{loanId}`, then
 * `{loanId}-s2`, `-s3`, …), so a retried start is the same start.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { config } from '../../settings/settings';
import { stepFunctions } from './workflow-engine';

export const servicingExecutionName = (loanId: string, generation: number): string => (generation <= 1 ? loanId : `${loanId}-s${generation}`);

export interface ServicingInput {
  readonly loanId: string;
  readonly generation: number;
  /** The latest due date already attempted by auto-debit ('' for none). */
  readonly attemptedThrough: string;
  /** When this execution started (its one-year limit counts from here). */
  readonly startedAt: string;
}

/** Starts generation `generation` of the loan's servicing; an execution of that name already started is fine. */
export async function startServicing(loanId: string, at: Date, generation = 1, attemptedThrough = ''): Promise<void> {
  const input: ServicingInput = { loanId, generation, attemptedThrough, startedAt: at.toISOString() };
  try {
    await stepFunctions.send(
      new StartExecutionCommand({ stateMachineArn: config.stateMachineArn('loan-servicing'), name: servicingExecutionName(loanId, generation), input: JSON.stringify(input) }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
  }
}
