/**
 * Bidding rules (投标), pure: what a manual bid must satisfy before its freeze is
 * attempted. The remaining amount checked here is advisory: the transaction that
 * freezes the bid re-checks it on the listing item itself, so concurrent bids can
 * never oversubscribe a listing.
 */
import type { PartyConsent } from './loan-agreement';
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
  /** The assessment in force now (investor-suitability assessmentInForce). */
  readonly assessment: AssessmentValidity | undefined;
  /** Bids still frozen plus principal not yet repaid, in fen (investmentOutstandingFen). */
  readonly outstandingFen: number;
}

/**
 * An investor's bids as the limit counts them: every bid ever placed (a total only bids
 * raise) and what has come back since: bids voided, principal repaid.
 */
export interface InvestorBidBook {
  readonly placedFen: number;
  readonly voidedFen: number;
  readonly repaidPrincipalFen: number;
}

/** Bids still frozen plus principal not yet repaid, in fen. */
export const investmentOutstandingFen = (book: InvestorBidBook): number => book.placedFen - book.voidedFen - book.repaidPrincipalFen;

/**
 * The most the investor's placed total may reach, bids included, under `limitFen`: the
 * bid's transaction raises the placed total only if it stays within this. What came back
 * only grows, so a ceiling from an older reading is lower, never higher: concurrent bids
 * can meet the limit but never pass it.
 */
export const placedCeilingFen = (book: InvestorBidBook, limitFen: number): number => limitFen + book.voidedFen + book.repaidPrincipalFen;

export const remainingFen = (listing: Pick<ListingForBid, 'amountFen' | 'fundedFen'>): number => listing.amountFen - listing.fundedFen;

/** Throws the named error for the first rule the bid breaks; returns the investor's limit in fen (checkSuitability). */
export function checkBid(amountFen: number, listing: ListingForBid, bidder: BidderForBid, rules: BidRules, now: Date): number {
  checkBidOnListing(amountFen, listing, bidder.investorId, rules);
  return checkSuitability(amountFen, listing.grade, bidder, now);
}

/**
 * The part of the rules the listing alone decides: the amount, the bidder not its borrower,
 * the listing open with room for the amount. A late bid on a full listing is refused here,
 * after one read, before anything about the investor is read.
 */
export function checkBidOnListing(amountFen: number, listing: ListingForBid, investorId: string, rules: BidRules): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new BidRefusedError('a bid is a positive amount');
  if (amountFen < rules.minimumFen) throw new BidRefusedError(`the smallest bid is ${yuan(rules.minimumFen)} yuan`);
  if (amountFen % rules.stepFen !== 0) throw new BidRefusedError(`bids go in steps of ${yuan(rules.stepFen)} yuan`);
  if (investorId === listing.borrowerId) throw new ForbiddenError('a borrower never bids on their own loan');
  if (listing.status !== 'LISTED') throw new ListingUnavailableError(`the listing is ${listing.status.toLowerCase()}, not open for bids`);
  const remaining = remainingFen(listing);
  if (remaining <= 0) throw new ListingUnavailableError('the listing is fully subscribed');
  if (amountFen > remaining) throw new ListingUnavailableError(`only ${yuan(remaining)} yuan remain on this listing`);
}

/** Investor suitability: a valid assessment, a grade the level allows, and the level's limit over what is outstanding. Returns the limit in fen. */
export function checkSuitability(amountFen: number, grade: string | undefined, bidder: BidderForBid, now: Date): number {
  if (!isAssessmentValid(bidder.assessment, now)) throw new UnsuitableInvestorError('a valid risk assessment is required to invest');
  const level = bidder.assessment!.level;
  if (!isRiskGrade(grade) || !isGradeAllowed(level, grade)) throw new UnsuitableInvestorError(`risk level ${level} does not allow grade ${grade ?? 'unknown'} listings`);
  const limit = toFen(investmentLimit(level));
  if (bidder.outstandingFen + amountFen > limit) throw new UnsuitableInvestorError(investmentLimitMessage(level, limit));
  return limit;
}

/** Why a bid over the level's limit is refused (the bid's transaction says the same when its condition fails). */
export const investmentLimitMessage = (level: string, limitFen: number): string => `risk level ${level} allows at most ${yuan(limitFen)} yuan outstanding`;

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
  /** The application's category (core/loan-purpose.ts), its stated monthly income and the automated review's scorecard bins: the listing discloses them. */
  readonly purposeCategory?: string;
  readonly monthlyIncomeFen?: number;
  readonly riskReview?: { readonly contributions: readonly { readonly feature: string; readonly bin: string }[] };
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
  /** The investor's acceptance of the loan agreement's terms (application/contract-consent.ts); absent on bids placed before consent records. */
  readonly consent?: PartyConsent;
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
