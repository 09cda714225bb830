/**
 * Workflow task: applies one lifecycle event to a loan (application/loan-events.ts:
 * LIST opens the listing and runs the auto-bids, EXPIRE releases every frozen bid).
 * At-least-once safe: a replay of an event that already took effect returns the loan's
 * current state.
 */
import * as z from 'zod';
import { loanEventTypes } from '../core/loan-lifecycle';
import { now } from '../adapters/runtime/clock';
import { applyLoanEventStep, type LoanEventResult } from '../application/loan-events';
import { loanEvents } from '../composition/money';
import { workflowTask } from '../adapters/runtime/request-context';

export type { LoanEventResult } from '../application/loan-events';

const taskInput = z.object({
  loanId: z.string().min(1),
  event: z.enum(loanEventTypes),
  grade: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  /** For FAIL_DISBURSEMENT: the caught error ({Error, Cause}) for operators. */
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

const run = async (event: unknown): Promise<LoanEventResult> => applyLoanEventStep(loanEvents, taskInput.parse(event), now());

export const handler = workflowTask('apply-loan-event', run);
