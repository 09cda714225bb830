/**
 * Workflow task (loan-servicing): what the execution does next — wait for the next due
 * date, collect what is due, park until the loan settles, continue in a new execution,
 * or end (application/loan-servicing.ts planServicing). Reads only; every write it makes
 * is idempotent.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { planServicing, type PlannedStep } from '../application/loan-servicing';
import { servicingPlan } from '../composition/money';
import { workflowTask } from '../adapters/runtime/request-context';

export type { PlannedStep } from '../application/loan-servicing';

const taskInput = z.object({
  loanId: z.string().min(1),
  generation: z.number().int().min(1),
  attemptedThrough: z.string(),
  startedAt: z.iso.datetime(),
});

const run = async (event: unknown): Promise<PlannedStep> => planServicing(servicingPlan, taskInput.parse(event), now());

export const handler = workflowTask('plan-servicing', run);
