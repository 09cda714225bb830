/**
 * Bidding rules (投标), pure: what a manual bid must satisfy before its freeze is
 * attempted. The remaining amount checked here is advisory: the transaction that
 * freezes the bid re-checks it on the listing item itself, so concurrent bids can
 * never oversubscribe a listing.
 */
import { BidRefusedError, ForbiddenError, ListingUnavailableError, UnsuitableInvestorError } from './errors';
import { investmentLimit, isAssessmentValid, isGradeAllowed, type AssessmentValidity } from './investor-suitability';
import { toFen } from './money';
import { riskGrades, type RiskGrade } from './risk-grade';
import { accounts, type JournalEntry } from './ledger';
import type { LoanRecord } from './loan-lifecycle';

export interface BidRules {
  readonly minimumFen: number;
  readonly stepFen: number;
}

export interface ListingForBid {
  readonly borrowerId: string;
  readonly status: string;
  readonly amountFen: number;
  readonly fundedFen: number;
  readonly grade: string | undefined;
}

export interface BidderForBid {
  readonly investorId: string;
  readonly assessment: AssessmentValidity | undefined;
  /** Bids still frozen plus principal not yet repaid, in fen. */
  readonly outstandingFen: number;
}

export const remainingFen = (listing: Pick<ListingForBid, 'amountFen' | 'fundedFen'>): number => listing.amountFen - listing.fundedFen;

/** Throws the named error for the first rule the bid breaks. */
export function checkBid(amountFen: number, listing: ListingForBid, bidder: BidderForBid, rules: BidRules, now: Date): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new BidRefusedError('a bid is a positive amount');
  if (amountFen < rules.minimumFen) throw new BidRefusedError(`the smallest bid is ${yuan(rules.minimumFen)} yuan`);
  if (amountFen % rules.stepFen !== 0) throw new BidRefusedError(`bids go in steps of ${yuan(rules.stepFen)} yuan`);
  if (bidder.investorId === listing.borrowerId) throw new ForbiddenError('a borrower never bids on their own loan');
  if (listing.status !== 'LISTED') throw new ListingUnavailableError(`the listing is ${listing.status.toLowerCase()}, not open for bids`);
  const remaining = remainingFen(listing);
  if (remaining <= 0) throw new ListingUnavailableError('the listing is fully subscribed');
  if (amountFen > remaining) throw new ListingUnavailableError(`only ${yuan(remaining)} yuan remain on this listing`);
  checkSuitability(amountFen, listing.grade, bidder, now);
}

/** Investor suitability: a valid assessment, a grade the level allows, and the level's limit over what is outstanding. */
export function checkSuitability(amountFen: number, grade: string | undefined, bidder: BidderForBid, now: Date): void {
  if (!isAssessmentValid(bidder.assessment, now)) throw new UnsuitableInvestorError('a valid risk assessment is required to invest');
  const level = bidder.assessment!.level;
  if (!isRiskGrade(grade) || !isGradeAllowed(level, grade)) throw new UnsuitableInvestorError(`risk level ${level} does not allow grade ${grade ?? 'unknown'} listings`);
  const limit = toFen(investmentLimit(level));
  if (bidder.outstandingFen + amountFen > limit) throw new UnsuitableInvestorError(`risk level ${level} allows at most ${yuan(limit)} yuan outstanding`);
}

const isRiskGrade = (grade: string | undefined): grade is RiskGrade => (riskGrades as readonly string[]).includes(grade ?? '');

/** Funded share in percent with two decimals, rounded down (never shows 100.00 before it is full). */
export function progressPercent(listing: Pick<ListingForBid, 'amountFen' | 'fundedFen'>): string {
  if (listing.amountFen <= 0) return '0.00';
  const basisPoints = Math.floor((listing.fundedFen * 10_000) / listing.amountFen);
  return `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
}

const yuan = (fenAmount: number): string => `${Math.floor(fenAmount / 100)}.${String(fenAmount % 100).padStart(2, '0')}`;

/** A loan as a listing: the lifecycle record plus what listing and bidding add. */
export type ListingRecord = LoanRecord & {
  readonly fundedFen?: number;
  readonly bidCount?: number;
  /** How many investors have bid (each counted once). */
  readonly investorCount?: number;
  readonly annualRate?: string;
  readonly method?: string;
  readonly purpose?: string;
};

export type BidStatus = 'FROZEN' | 'VOIDED' | 'POSTED';

export interface BidRecord {
  readonly bidId: string;
  readonly loanId: string;
  readonly investorId: string;
  readonly amountFen: number;
  readonly status: BidStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** 'manual' or the auto-bid plan's id. */
  readonly source: string;
}

/**
 * A bid's freeze: the ledger's pending transfer custody(investor) → subscription(loan),
 * with the bid's id, so that disbursement posts it and expiry voids it, exactly once.
 */
export const bidFreezeEntry = (bid: Pick<BidRecord, 'bidId' | 'loanId' | 'investorId' | 'amountFen'>): JournalEntry => ({
  id: `bid-freeze:${bid.bidId}`,
  kind: 'bid-freeze',
  transfers: [{ kind: 'pending', id: bid.bidId, debit: accounts.custody(bid.investorId), credit: accounts.subscription(bid.loanId), amountFen: bid.amountFen }],
});

/** A bid's freeze voided (the listing expired, or the disbursement failed): the money is available again. */
export const bidVoidEntry = (bid: Pick<BidRecord, 'bidId'>): JournalEntry => ({
  id: `bid-void:${bid.bidId}`,
  kind: 'bid-void',
  transfers: [{ kind: 'void-pending', id: `${bid.bidId}:void`, pendingId: bid.bidId }],
});
