/**
 * Workflow task (loan-servicing): a Standard execution lasts at most a year, so before
 * that the loan's servicing continues in a new execution, named deterministically
 * (`{loanId}-s{generation}`) and carrying only the loan id, the generation and the
 * latest due date attempted. Starting it twice starts it once.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { continueServicing } from '../application/loan-servicing';
import { servicingContinuation } from '../composition/money';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({ loanId: z.string().min(1), generation: z.number().int().min(1), attemptedThrough: z.string() });

const run = async (event: unknown): Promise<{ readonly continuedAs: string }> => continueServicing(servicingContinuation, taskInput.parse(event), now());

export const handler = workflowTask('continue-servicing', run);
