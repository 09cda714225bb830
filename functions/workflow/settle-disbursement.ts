/**
 * Workflow task: after the bank confirmed the disbursement transfer, posts every
 * bid's freeze, credits the borrower (amount − service fee) and the platform's fee
 * income, stores the repayment schedule and moves the loan to REPAYING. Each write
 * is idempotent by a deterministic id or a conditional status, so a retry moves
 * nothing twice.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { settleDisbursement } from '../application/disbursement';
import { disbursement } from '../composition/money';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({ loanId: z.string().min(1), event: z.literal('DISBURSE'), confirmedAt: z.iso.datetime() });

async function run(event: unknown): Promise<{ readonly status: string }> {
  const input = taskInput.parse(event);
  const loan = await settleDisbursement(disbursement, input.loanId, input.confirmedAt, now());
  return { status: loan.status };
}

export const handler = workflowTask('settle-disbursement', run);
