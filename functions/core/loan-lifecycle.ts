/**
 * The loan's lifecycle as a pure state machine: which event moves a loan from which
 * status to which. The origination workflow (statemachines/loan-origination.asl.json)
 * drives it; the repository applies each transition with a conditional write, so a
 * replayed step is a no-op and a racing one fails loudly.
 */
import { InvalidTransitionError } from './errors';
import type { RescheduleOnRecord } from './rescheduling';

export const loanStatuses = [
  'APPLIED',
  'IN_REVIEW',
  'REJECTED',
  'LISTED',
  'EXPIRED',
  'FUNDED',
  'DISBURSED',
  'REPAYING',
  'DISBURSEMENT_FAILED',
  'DEFAULTED',
  'WRITTEN_OFF',
  'SETTLED',
] as const;
export type LoanStatus = (typeof loanStatuses)[number];

export const loanEventTypes = ['OPEN_REVIEW', 'REJECT', 'LIST', 'EXPIRE', 'FILL', 'DISBURSE', 'START_REPAYMENT', 'FAIL_DISBURSEMENT', 'DEFAULT', 'WRITE_OFF', 'SETTLE'] as const;
export type LoanEventType = (typeof loanEventTypes)[number];

const transitions: Record<LoanEventType, { from: readonly LoanStatus[]; to: LoanStatus }> = {
  OPEN_REVIEW: { from: ['APPLIED'], to: 'IN_REVIEW' },
  REJECT: { from: ['IN_REVIEW'], to: 'REJECTED' },
  LIST: { from: ['IN_REVIEW'], to: 'LISTED' },
  EXPIRE: { from: ['LISTED'], to: 'EXPIRED' },
  FILL: { from: ['LISTED'], to: 'FUNDED' },
  /** The bank confirmed the disbursement transfer and the ledger moved (also when its confirmation came after the workflow gave up waiting). */
  DISBURSE: { from: ['FUNDED', 'DISBURSEMENT_FAILED'], to: 'DISBURSED' },
  /** The repayment schedule is stored: servicing takes over. */
  START_REPAYMENT: { from: ['DISBURSED'], to: 'REPAYING' },
  /** The bank declined the transfer, or never confirmed it in time: nothing moved; operators decide. */
  FAIL_DISBURSEMENT: { from: ['FUNDED'], to: 'DISBURSEMENT_FAILED' },
  /** An installment is more than 90 days overdue (违约). Repayments are still taken and distributed. */
  DEFAULT: { from: ['REPAYING'], to: 'DEFAULTED' },
  /** An admin writes the defaulted loan off (核销); recoveries that still arrive are distributed. */
  WRITE_OFF: { from: ['DEFAULTED'], to: 'WRITTEN_OFF' },
  /** Every installment is paid (结清): the servicing execution ends. */
  SETTLE: { from: ['REPAYING', 'DEFAULTED'], to: 'SETTLED' },
};

export type TransitionPlan =
  | { readonly kind: 'move'; readonly from: LoanStatus; readonly to: LoanStatus }
  /** The event already took effect (a replayed workflow step): nothing to write. */
  | { readonly kind: 'already-applied'; readonly status: LoanStatus };

export function planTransition(current: LoanStatus, event: LoanEventType): TransitionPlan {
  const { from, to } = transitions[event];
  if (current === to) return { kind: 'already-applied', status: to };
  if (!from.includes(current)) throw new InvalidTransitionError(`a ${current} loan cannot take ${event}`);
  return { kind: 'move', from: current, to };
}

/** How long a listing stays open for bids unless it fills first. */
export function listingDeadline(listedAt: Date, listingPeriodDays: number): Date {
  return new Date(listedAt.getTime() + listingPeriodDays * 86_400_000);
}

/** A loan as the platform keeps it: terms, status and what each step of its life recorded. */
export interface LoanRecord {
  readonly loanId: string;
  readonly borrowerId: string;
  /** Integer fen. */
  readonly amountFen: number;
  readonly termMonths: number;
  readonly status: LoanStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly grade?: string;
  readonly rejectionReasons?: readonly string[];
  readonly listedAt?: string;
  readonly listingDeadline?: string;
  /** The workflow task a person or a bid completes next, with its token. */
  readonly pendingDecision?: { readonly decision: string; readonly taskToken: string };
  readonly annualRate?: string;
  readonly method?: string;
  readonly disbursement?: DisbursementRequest;
  readonly disbursedAt?: string;
  readonly repayingSince?: string;
  readonly disbursementFailure?: { readonly error: string; readonly cause?: string; readonly at: string };
  /** The accepted reschedule (展期/重组): its schedule replaced the contract's from `asOf` on (core/loan-schedule.ts). */
  readonly rescheduled?: RescheduleOnRecord;
}

/** What the disbursement step asked the bank for, kept on the loan so that settling uses the same figures. */
export interface DisbursementRequest {
  readonly instructionId: string;
  readonly borrowerSubAccount: string;
  readonly toBorrowerFen: number;
  readonly feeFen: number;
  readonly requestedAt: string;
}
