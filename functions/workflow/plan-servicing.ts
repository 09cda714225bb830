/**
 * Workflow task (loan-servicing): what the execution does next — wait for the next due
 * date, collect what is due, park until the loan settles, continue in a new execution,
 * or end (every installment settled; the loan SETTLES here if the last repayment's
 * confirmation has not done it yet). The first execution also creates the investors'
 * holding items. Reads only; every write it makes is idempotent.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { ensureHoldings, repayableStatuses, settleIfPaid } from '../application/repayment';
import { repayment } from '../composition/money';
import { businessDate, platformTimeZone } from '../core/calendar';
import { nextServicingStep } from '../core/servicing';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({
  loanId: z.string().min(1),
  generation: z.number().int().min(1),
  attemptedThrough: z.string(),
  startedAt: z.iso.datetime(),
});

/** Every field present (the state machine's ResultSelector reads them all). */
export interface PlannedStep {
  readonly next: 'END' | 'WAIT' | 'COLLECT' | 'PARK' | 'CONTINUE';
  readonly until: string;
  readonly dueDate: string;
  readonly parkSeconds: number;
}

async function run(event: unknown): Promise<PlannedStep> {
  const input = taskInput.parse(event);
  const at = now();
  const loan = await repayment.loans.getLoan(input.loanId);
  const none = { until: '', dueDate: input.attemptedThrough, parkSeconds: 0 };
  if (!repayableStatuses.includes(loan.status)) return { next: 'END', ...none };
  if (input.generation === 1 && !input.attemptedThrough) await ensureHoldings(repayment, loan.loanId, at);
  const step = nextServicingStep({
    installments: await repayment.installments.installmentsOf(loan.loanId),
    now: at,
    today: businessDate(at, platformTimeZone),
    attemptedThrough: input.attemptedThrough,
    startedAt: new Date(input.startedAt),
  });
  if (step.next === 'END') {
    await settleIfPaid(repayment, loan.loanId, at);
    return { next: 'END', ...none };
  }
  if (step.next === 'WAIT') return { ...none, next: 'WAIT', until: step.until, dueDate: step.dueDate };
  if (step.next === 'COLLECT') return { ...none, next: 'COLLECT', dueDate: step.dueDate };
  if (step.next === 'PARK') return { ...none, next: 'PARK', parkSeconds: step.parkSeconds };
  return { ...none, next: 'CONTINUE' };
}

export const handler = workflowTask('plan-servicing', run);
