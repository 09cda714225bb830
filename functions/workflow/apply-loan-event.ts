/**
 * Workflow task: applies one lifecycle event to a loan. At-least-once safe: a replay
 * of an event that already took effect returns the loan's current state.
 */
import * as z from 'zod';
import { listingDeadline, loanEventTypes } from '../core/loan-lifecycle';
import { now } from '../adapters/runtime/clock';
import { applyLoanEvent } from '../adapters/dynamodb/loan-repository';
import { policy } from '../settings/settings';
import { runAutoBids } from '../application/auto-bidding';
import { findListing, listingAttributes, marketplaceAttributes, voidFrozenBids } from '../adapters/dynamodb/listing-repository';
import { workflowTask } from '../adapters/runtime/request-context';

const taskInput = z.object({
  loanId: z.string().min(1),
  event: z.enum(loanEventTypes),
  grade: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  /** For FAIL_DISBURSEMENT: the caught error ({Error, Cause}) for operators. */
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

export interface LoanEventResult {
  readonly status: string;
  /** For LIST: seconds until the listing deadline, the subscription wait's timeout. */
  readonly openSeconds?: number;
  /** For LIST: true when auto-bids filled the listing at once; for EXPIRE: true when the listing was full at its deadline (both go on to MarkFunded). */
  readonly filled?: boolean;
}

async function run(event: unknown): Promise<LoanEventResult> {
  const input = taskInput.parse(event);
  const at = now();
  if (input.event === 'LIST') {
    const deadline = listingDeadline(at, policy.listingPeriodDays());
    const loan = await applyLoanEvent(input.loanId, 'LIST', at, {
      ...(input.grade ? { grade: input.grade } : {}),
      listedAt: at.toISOString(),
      listingDeadline: deadline.toISOString(),
      ...listingAttributes(input.loanId, input.grade ?? 'E', deadline.toISOString()),
    });
    // A replayed LIST keeps the deadline first recorded.
    const remaining = Math.ceil((Date.parse(loan.listingDeadline ?? deadline.toISOString()) - at.getTime()) / 1000);
    // The listing is open: auto-bid plans bid first, in their fair rotation (a replay bids nothing twice).
    const { filled } = loan.status === 'LISTED' ? await runAutoBids(input.loanId, at) : { filled: false };
    return { status: loan.status, openSeconds: Math.max(1, remaining), filled };
  }
  if (input.event === 'EXPIRE') {
    // A listing that is full at its deadline was filled by a bid whose signal to the
    // subscription wait was lost: it is funded, not expired (the workflow routes it to MarkFunded).
    const listing = await findListing(input.loanId);
    if (listing?.status === 'LISTED' && (listing.fundedFen ?? 0) >= listing.amountFen) return { status: listing.status, filled: true };
  }
  const closesListing = input.event === 'FILL' || input.event === 'EXPIRE';
  const loan = await applyLoanEvent(
    input.loanId,
    input.event,
    at,
    input.event === 'REJECT'
      ? { rejectionReasons: input.reasons ?? [] }
      : input.event === 'FAIL_DISBURSEMENT'
        ? { disbursementFailure: { error: input.failure?.Error ?? 'Unknown', ...(input.failure?.Cause ? { cause: input.failure.Cause.slice(0, 500) } : {}), at: at.toISOString() } }
        : {},
    closesListing ? marketplaceAttributes : [],
  );
  if (input.event === 'FAIL_DISBURSEMENT') console.error(JSON.stringify({ alarm: 'DisbursementFailed', loanId: input.loanId, error: input.failure?.Error ?? 'Unknown' }));
  // Expired: no bid can arrive any more (bids need LISTED), so every freeze is voided, each
  // once. A replayed step finds the bids already VOIDED and skips them. The same when the
  // bank declined the disbursement (DisbursementFailed: nothing moved, nothing will): the
  // investors get their money back. After a timeout the outcome is unknown, so the freezes
  // stay until the bank's late answer rolls the disbursement forward or back.
  if (input.event === 'EXPIRE' || (input.event === 'FAIL_DISBURSEMENT' && input.failure?.Error === 'DisbursementFailed')) await voidFrozenBids(input.loanId, at);
  return input.event === 'EXPIRE' ? { status: loan.status, filled: false } : { status: loan.status };
}

export const handler = workflowTask('apply-loan-event', run);
