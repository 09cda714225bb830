/** The reschedule requests (展期/重组) the rescheduling use case reads and moves (application/rescheduling.ts). */
import type { SignatureRecord } from '../../core/loan-agreement';
import type { Installment } from '../../core/repayment-schedule';
import type { RescheduleOnRecord, RescheduleReason, RescheduleStatus, RescheduleTerms, RescheduleWish } from '../../core/rescheduling';

/** The terms granted, as stored (the rate a decimal string). */
export interface StoredTerms {
  readonly kind: RescheduleTerms['kind'];
  readonly months: number;
  readonly annualRate: string;
}

/** The reschedule request of a loan (one per loan). */
export interface RescheduleRequestRecord {
  readonly loanId: string;
  readonly borrowerId: string;
  readonly status: RescheduleStatus;
  readonly wish: RescheduleWish;
  /** Why the borrower asks (a code). */
  readonly reason: RescheduleReason;
  readonly requestedAt: string;
  readonly updatedAt: string;
  /** APPROVED: the terms, the business date they were quoted on, the last day to accept, the figures. */
  readonly terms?: StoredTerms;
  readonly asOf?: string;
  readonly acceptBy?: string;
  readonly extraInterestFen?: number;
  readonly principalFen?: number;
  readonly termMonths?: number;
  readonly reviewerId?: string;
  readonly decidedAt?: string;
  /** REJECTED: the reviewer's reason. */
  readonly rejectionNote?: string;
  readonly acceptedAt?: string;
  readonly declinedAt?: string;
  /** ACCEPTED: the signed supplementary agreement. */
  readonly agreement?: { readonly documentKey: string; readonly agreementHash: string; readonly byteLength: number; readonly version: number; readonly signatures: readonly SignatureRecord[] };
}

export interface RescheduleAcceptance {
  readonly request: RescheduleRequestRecord;
  readonly rescheduled: RescheduleOnRecord;
  /** The replaced installments (numbers after the kept ones), as they are stored now: each must still be untouched. */
  readonly replacedNumbers: readonly number[];
  readonly replacement: readonly Installment[];
  readonly agreement: NonNullable<RescheduleRequestRecord['agreement']>;
  readonly at: Date;
}

export interface RescheduleRequests {
  findRequest(loanId: string): Promise<RescheduleRequestRecord | undefined>;
  /** Stores a new request; a loan that has one already: RescheduleRefusedError ALREADY_REQUESTED. */
  createRequest(record: RescheduleRequestRecord): Promise<void>;
  pendingRequests(): Promise<RescheduleRequestRecord[]>;
  /** REQUESTED → APPROVED or REJECTED with the decision's fields; ConcurrentModificationError when it had moved. */
  recordDecision(loanId: string, to: 'APPROVED' | 'REJECTED', fields: Partial<RescheduleRequestRecord>, at: Date): Promise<void>;
  /** APPROVED → DECLINED. */
  recordDecline(loanId: string, at: Date): Promise<void>;
  /** The acceptance's one transaction (see the module's comment); ConcurrentModificationError when a condition fails. */
  applyAcceptance(acceptance: RescheduleAcceptance): Promise<void>;
  /** Moves one holding's expected interest by `interestFen`, once per loan. */
  adjustExpectedInterest(investorId: string, loanId: string, interestFen: number, at: Date): Promise<void>;
}

