/**
 * Workflow task (loan-servicing, .waitForTaskToken): every due date has been attempted
 * and the loan is not settled (it is overdue): the execution parks, its token recorded
 * on the loan's servicing item, until the repayment that settles the loan completes it
 * (or the state's timeout wakes it to continue). If the loan settled in the meantime,
 * fails with LoanSettled, which ends the execution.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { parkServicing } from '../application/loan-servicing';
import { servicingPark } from '../composition/money';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({ loanId: z.string().min(1), taskToken: z.string().min(1) });

async function run(event: unknown): Promise<{ readonly parked: true }> {
  const input = taskInput.parse(event);
  return parkServicing(servicingPark, input.loanId, input.taskToken, now());
}

export const handler = workflowTask('park-servicing', run);
