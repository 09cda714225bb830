/**
 * The workflow engine as the money-moving use cases use it: complete a task waiting for
 * its token, and start a loan's servicing.
 */

/** A waiting task's outcome: success with its output, or failure with a named error and its cause. */
export type TaskOutcome = { readonly output: unknown } | { readonly error: string; readonly cause: string };

/**
 * 'completed', or 'gone' when the wait is no longer there (it timed out, was completed
 * already, or its token is unknown): the caller decides what that means for it.
 */
export type TaskCompletion = 'completed' | 'gone';

export interface WorkflowEngine {
  completeTask(taskToken: string, outcome: TaskOutcome): Promise<TaskCompletion>;
}

export interface ServicingWorkflow {
  /** Starts generation `generation` (default 1) of the loan's servicing execution (a second start of the same one is a no-op). */
  startServicing(loanId: string, at: Date, generation?: number, attemptedThrough?: string): Promise<void>;
  /** The name of generation `generation` of the loan's servicing execution. */
  executionName(loanId: string, generation: number): string;
}
