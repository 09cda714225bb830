/**
 * Pre-loan checks (贷前) on a loan application, as pure functions over exact values:
 * amount and term limits, the legal rate cap (a multiple of the one-year LPR), the
 * income multiple, and the regulatory caps on what one borrower may owe, on this
 * platform and across platforms. Each refusal is a reason code; all refusals are
 * reported at once.
 */
import { DomainError } from './errors';
import { legalRateCap } from './penalty';
import { isProhibitedPurpose, type LoanPurposeCategory } from './loan-purpose';
import { compareRatios, type Ratio } from './rational';
import { isAdultOn } from './resident-id-number';
import { maxTermMonths, minTermMonths, type RepaymentMethod } from './repayment-schedule';
import type { LoanRecord } from './loan-lifecycle';
import type { RiskReview } from './risk-rules';

export const borrowerKinds = ['personal', 'enterprise'] as const;
export type BorrowerKind = (typeof borrowerKinds)[number];

/**
 * Regulatory caps (网络借贷信息中介机构业务活动管理暂行办法, art. 17), integer fen:
 * a natural person owes at most ¥200,000 on one platform and ¥1,000,000 across
 * platforms; a legal person ¥1,000,000 and ¥5,000,000.
 */
export const borrowingCaps: Readonly<Record<BorrowerKind, { readonly platformFen: number; readonly allPlatformsFen: number }>> = {
  personal: { platformFen: 20_000_000, allPlatformsFen: 100_000_000 },
  enterprise: { platformFen: 100_000_000, allPlatformsFen: 500_000_000 },
};

/** The smallest application: ¥1,000. */
export const minimumApplicationFen = 100_000;

export const applicationReasonCodes = [
  'AMOUNT_BELOW_MINIMUM',
  'AMOUNT_ABOVE_MAXIMUM',
  'TERM_OUT_OF_RANGE',
  'RATE_ABOVE_LEGAL_CAP',
  'AMOUNT_ABOVE_INCOME_MULTIPLE',
  'PLATFORM_LIMIT_EXCEEDED',
  'CROSS_PLATFORM_LIMIT_EXCEEDED',
  'PURPOSE_PROHIBITED',
  'BORROWER_UNDER_18',
  'BORROWER_AGE_UNKNOWN',
  'RELATED_PARTY_SELF_FINANCING',
  'PLATFORM_OWN_ACCOUNT',
] as const;
export type ApplicationReasonCode = (typeof applicationReasonCodes)[number];

export interface LoanApplicationTerms {
  readonly kind: BorrowerKind;
  readonly amountFen: number;
  readonly termMonths: number;
  readonly annualRate: Ratio;
  readonly method: RepaymentMethod;
  readonly monthlyIncomeFen: number;
}

export interface ApplicationPolicy {
  /** The one-year Loan Prime Rate. */
  readonly loanPrimeRate: Ratio;
  /** The legal cap is this multiple of the LPR (4). */
  readonly lprMultiple: number;
  /** amount ≤ this × monthly income (3). */
  readonly incomeMultiple: number;
}

export interface BorrowerExposure {
  /** What the borrower owes or has applied for on this platform, integer fen. */
  readonly platformOutstandingFen: number;
  /** What the credit bureau reports the borrower owes on other platforms, integer fen. */
  readonly otherPlatformsOutstandingFen: number;
}

/** Every reason the application is refused; empty when it passes. */
export function applicationRefusals(terms: LoanApplicationTerms, policy: ApplicationPolicy, exposure: BorrowerExposure): ApplicationReasonCode[] {
  const reasons: ApplicationReasonCode[] = [];
  const caps = borrowingCaps[terms.kind];
  if (terms.amountFen < minimumApplicationFen) reasons.push('AMOUNT_BELOW_MINIMUM');
  if (terms.amountFen > caps.platformFen) reasons.push('AMOUNT_ABOVE_MAXIMUM');
  if (!Number.isInteger(terms.termMonths) || terms.termMonths < minTermMonths || terms.termMonths > maxTermMonths) reasons.push('TERM_OUT_OF_RANGE');
  if (compareRatios(terms.annualRate, legalRateCap(policy.loanPrimeRate, policy.lprMultiple)) > 0) reasons.push('RATE_ABOVE_LEGAL_CAP');
  if (terms.amountFen > policy.incomeMultiple * terms.monthlyIncomeFen) reasons.push('AMOUNT_ABOVE_INCOME_MULTIPLE');
  if (exposure.platformOutstandingFen + terms.amountFen > caps.platformFen) reasons.push('PLATFORM_LIMIT_EXCEEDED');
  if (exposure.platformOutstandingFen + exposure.otherPlatformsOutstandingFen + terms.amountFen > caps.allPlatformsFen) {
    reasons.push('CROSS_PLATFORM_LIMIT_EXCEEDED');
  }
  return reasons;
}

/** What the platform knows of the borrower that decides whether they may borrow at all. */
export interface BorrowerStanding {
  readonly kind: BorrowerKind;
  /** From the verified ID number (a natural person); YYYY-MM-DD. */
  readonly birthDate?: string | undefined;
  /** Marked a related party by an admin (staff, shareholder, affiliate). */
  readonly relatedParty?: boolean | undefined;
  /** The account holds a staff role (reviewer, auditor, admin): the platform's own. */
  readonly platformAccount?: boolean | undefined;
}

/**
 * Refusals that do not depend on the amount: a prohibited purpose (core/loan-purpose.ts),
 * and a natural person under 18 on `today` (the platform's business date), or one whose
 * verification recorded no birth date; the platform's own accounts and its related parties
 * (self-financing, 自融: 网络借贷信息中介机构业务活动管理暂行办法 art. 10 (1)).
 */
export function borrowerRefusals(purposeCategory: LoanPurposeCategory, borrower: BorrowerStanding, today: string): ApplicationReasonCode[] {
  const reasons: ApplicationReasonCode[] = [];
  if (isProhibitedPurpose(purposeCategory)) reasons.push('PURPOSE_PROHIBITED');
  if (borrower.kind === 'personal') {
    if (borrower.birthDate === undefined) reasons.push('BORROWER_AGE_UNKNOWN');
    else if (!isAdultOn(borrower.birthDate, today)) reasons.push('BORROWER_UNDER_18');
  }
  if (borrower.platformAccount) reasons.push('PLATFORM_OWN_ACCOUNT');
  if (borrower.relatedParty) reasons.push('RELATED_PARTY_SELF_FINANCING');
  return reasons;
}

/** The application breaks a pre-loan rule; details carry the reason codes. */
export class ApplicationRefusedError extends DomainError {
  constructor(readonly reasons: readonly string[]) {
    super('unprocessable', `the application was refused: ${reasons.join(', ')}`, reasons.map((reason) => ({ path: 'application', message: reason })));
  }
}

/** The borrower already has an application that is not decided yet: one at a time. */
export class OpenApplicationExistsError extends DomainError {
  constructor() {
    super('conflict', 'an application of yours is still open; wait for its decision');
  }
}

/** What an application adds to the loan record: the stated terms, the risk review, the reviewer's decision. */
export interface ApplicationTerms {
  readonly kind: BorrowerKind;
  /** A decimal string, e.g. "0.12". */
  readonly annualRate: string;
  readonly method: RepaymentMethod;
  /** The enumerated category (core/loan-purpose.ts); `purpose` is the borrower's description. */
  readonly purposeCategory: LoanPurposeCategory;
  readonly purpose: string;
  readonly monthlyIncomeFen: number;
}

export type LoanApplicationRecord = LoanRecord &
  Partial<ApplicationTerms> & {
    /** The automated risk review: decision, score, reasons, versions, each feature's points. */
    readonly riskReview?: RiskReview & { readonly reviewedAt: string };
    readonly reviewerDecision?: { readonly reviewerId: string; readonly decision: string; readonly decidedAt: string };
  };

export type NewApplication = Pick<LoanRecord, 'loanId' | 'borrowerId' | 'amountFen' | 'termMonths' | 'createdAt'> & ApplicationTerms;

/** Statuses whose amount no longer counts against the borrower's caps: never lent, repaid, or written off. */
const settledStatuses: ReadonlySet<string> = new Set(['REJECTED', 'EXPIRED', 'DISBURSEMENT_FAILED', 'SETTLED', 'WRITTEN_OFF']);

/** Whether a loan in this status counts against its borrower's caps. */
export const countsAgainstCaps = (status: string): boolean => !settledStatuses.has(status);

/**
 * What the borrower owes or has asked for on this platform, integer fen: every loan
 * not rejected, expired, failed, settled or written off, at its amount (until servicing records the
 * remaining principal, a funded loan counts in full).
 */
export function platformOutstandingFen(loans: readonly LoanApplicationRecord[], exceptLoanId?: string): number {
  return loans.filter((loan) => loan.loanId !== exceptLoanId && countsAgainstCaps(loan.status)).reduce((sum, loan) => sum + loan.amountFen, 0);
}

