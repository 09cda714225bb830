/**
 * Workflow task (loan-servicing, .waitForTaskToken): the auto-debit (自动扣款) on a due
 * date. Collects what is due now (overdue and today's) from the borrower's available
 * custody balance, up to what is due, through one custody transfer; the bank's signed
 * callback distributes it and completes this wait. Named failures the state machine
 * catches: NothingToCollect (nothing due, or an empty balance: the overdue sweep takes
 * over), RepaymentInFlight (another repayment is with the bank), RepaymentDeclined,
 * CollectionFailed (anything else: the AutoDebitFailed signal pages operations). A retry uses the same request key
 * (`auto-{dueDate}`): the same repayment, the same instruction. It returns as soon as the
 * bank has the instruction: the execution then waits for the callback (on the twin, the
 * clock waits for the bank simulator's delivery before it moves on).
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { InFlightError, NothingToCollectError, RepaymentRefusedError, requestRepayment } from '../application/repayment';
import { repayment } from '../composition/money';
import { signals } from '../composition/observability';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({ loanId: z.string().min(1), dueDate: z.iso.date(), taskToken: z.string().min(1) });

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

async function run(event: unknown): Promise<{ readonly repaymentId: string; readonly status: string }> {
  const input = taskInput.parse(event);
  let record;
  try {
    record = await requestRepayment(repayment, { loanId: input.loanId, kind: 'DUE', source: 'AUTO_DEBIT', requestKey: `auto-${input.dueDate}`, taskToken: input.taskToken, upToAvailable: true }, now());
  } catch (error) {
    if (error instanceof NothingToCollectError) throw error;
    if (error instanceof InFlightError) throw named('RepaymentInFlight', error.message);
    if (error instanceof RepaymentRefusedError) throw named('RepaymentDeclined', error.message);
    const failure = error as Error;
    // Nothing due, no balance, or the loan settled (early) since the execution planned this due date.
    if (failure.name === 'InsufficientFundsError' || failure.name === 'NothingDueError' || failure.name === 'InvalidTransitionError') throw named('NothingToCollect', failure.message);
    signals.raise('AutoDebitFailed', { loanId: input.loanId, dueDate: input.dueDate, error: failure.name, message: failure.message });
    throw named('CollectionFailed', failure.message);
  }
  // Retried after the repayment was answered: this wait's token was never recorded in time.
  if (record.status !== 'PENDING' && record.taskToken !== input.taskToken) throw named('AlreadyCollected', `${record.repaymentId} is ${record.status}`);
  return { repaymentId: record.repaymentId, status: record.status };
}

export const handler = workflowTask('collect-due', run);
