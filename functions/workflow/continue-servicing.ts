/**
 * Workflow task (loan-servicing): a Standard execution lasts at most a year, so before
 * that the loan's servicing continues in a new execution, named deterministically
 * (`{loanId}-s{generation}`) and carrying only the loan id, the generation and the
 * latest due date attempted. Starting it twice starts it once.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { servicingExecutionName, startServicing } from '../adapters/stepfunctions/servicing-workflow';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({ loanId: z.string().min(1), generation: z.number().int().min(1), attemptedThrough: z.string() });

async function run(event: unknown): Promise<{ readonly continuedAs: string }> {
  const input = taskInput.parse(event);
  const generation = input.generation + 1;
  await startServicing(input.loanId, now(), generation, input.attemptedThrough);
  return { continuedAs: servicingExecutionName(input.loanId, generation) };
}

export const handler = workflowTask('continue-servicing', run);
