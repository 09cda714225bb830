/**
 * Placing a bid (投标): the rules (functions/core/bidding.ts) against the listing,
 * the investor's profile and outstanding bids; then the freeze and the funded
 * amount in one transaction (the listings port's placeBid); and, for the bid that
 * fills the listing, the workflow's subscription wait completed with its token.
 *
 * No waiting on the bid path: the bid that fills the listing completes the wait if its
 * token is recorded; if the wait has not recorded it yet, the workflow step that
 * records it finds the listing full and completes itself (completeSubscriptionIfFull,
 * called from both places). One of the two always sees the other's write.
 */
import { createHash } from 'node:crypto';
import { checkBidOnListing, checkSuitability, investmentOutstandingFen, placedCeilingFen, type InvestorBidBook } from '../core/bidding';
import { NotFoundError } from '../core/errors';
import { assessmentInForce, type AssessmentValidity } from '../core/investor-suitability';
import type { BidRecord } from '../core/bidding';
import { bidConsent, type AgreementPolicy } from './contract-consent';
import type { LendingPolicy } from './ports/lending-policy';
import type { InvestmentCap, Listings } from './ports/listings';
import type { OperationalSignals } from './ports/operational-signals';
import type { ServicingRecords } from './ports/servicing';
import type { MoneyProfile, UserProfiles } from './ports/user-profiles';
import type { WorkflowEngine } from './ports/workflow-engine';

/** What an investor's exposure is read from: their bid totals and their holdings. */
export interface ExposurePorts {
  readonly listings: Pick<Listings, 'bidTotals'>;
  readonly holdings: Pick<ServicingRecords, 'holdingsOf'>;
}

/** What completing a full listing's subscription wait talks to. */
export interface SubscriptionPorts {
  readonly listings: Pick<Listings, 'findListing'>;
  readonly workflow: WorkflowEngine;
}

export interface BiddingPorts extends ExposurePorts, SubscriptionPorts {
  readonly listings: Pick<Listings, 'findListing' | 'placeBid' | 'bidTotals'>;
  readonly profiles: UserProfiles;
  readonly policy: Pick<LendingPolicy, 'minimumBidFen' | 'bidStepFen'>;
  /** The platform's agreement terms: a bid records the investor's acceptance of the loan's current terms. */
  readonly terms: AgreementPolicy;
  readonly signals: Pick<OperationalSignals, 'count'>;
}

/** How a manual bid's request accepted the agreement: its request id, and the terms' hash when the client named it. */
export interface BidAcceptance {
  readonly requestId: string;
  readonly termsHash?: string | undefined;
}

/** The bid id follows from the investor and the request's Idempotency-Key: a retried request is the same bid. */
export const bidIdFor = (investorId: string, idempotencyKey: string): string =>
  `bid-${createHash('sha256').update(`${investorId}|${idempotencyKey}`).digest('base64url').slice(0, 26)}`;

export async function placeManualBid(ports: BiddingPorts, investorId: string, loanId: string, idempotencyKey: string, amountFen: number, at: Date, acceptance: BidAcceptance): Promise<BidRecord> {
  const listing = await ports.listings.findListing(loanId);
  if (!listing || listing.listedAt === undefined) throw new NotFoundError(`no listing ${loanId}`);
  const onListing = { borrowerId: listing.borrowerId, status: listing.status, amountFen: listing.amountFen, fundedFen: listing.fundedFen ?? 0, grade: listing.grade };
  const rules = { minimumFen: ports.policy.minimumBidFen(), stepFen: ports.policy.bidStepFen() };
  // A bid the listing alone refuses (full, closed, too large) costs this one read.
  checkBidOnListing(amountFen, onListing, investorId, rules);
  const [profile, book] = await Promise.all([ports.profiles.findUserProfile(investorId), investorBidBook(ports, investorId)]);
  const assessment = assessmentInForce(profile, at);
  const limitFen = checkSuitability(amountFen, listing.grade, { investorId, assessment, outstandingFen: investmentOutstandingFen(book) }, at);
  const { bid, placed } = await ports.listings.placeBid(
    {
      bidId: bidIdFor(investorId, idempotencyKey),
      loanId,
      investorId,
      amountFen,
      createdAt: at.toISOString(),
      source: 'manual',
      consent: bidConsent(listing, ports.terms, { ...acceptance, channel: 'manual-bid' }, at),
    },
    listing.amountFen,
    at,
    investmentCap(profile!, assessment!, book, limitFen),
  );
  if (placed) ports.signals.count('BidsPlaced', 1);
  await completeSubscriptionIfFull(ports, loanId, { filledBy: bid.bidId });
  return bid;
}

/**
 * What the tiered limit of the investor's risk level caps: every bid they placed, less the
 * bids voided and the principal already repaid to them (their holdings).
 */
export async function investorBidBook(ports: ExposurePorts, investorId: string): Promise<InvestorBidBook> {
  const [totals, holdings] = await Promise.all([ports.listings.bidTotals(investorId), ports.holdings.holdingsOf(investorId)]);
  // A stake sold (debt transfer) comes back like principal repaid: the seller no longer bears it.
  return { ...totals, repaidPrincipalFen: holdings.reduce((sum, holding) => sum + (holding.receivedPrincipalFen ?? 0) + (holding.soldStakeFen ?? 0), 0) };
}

/** The limit a suitable bid (checkSuitability returned `limitFen`) carries into its transaction. */
export function investmentCap(profile: MoneyProfile, assessment: AssessmentValidity, book: InvestorBidBook, limitFen: number): InvestmentCap {
  return { placedCeilingFen: placedCeilingFen(book, limitFen), assessedAt: profile.riskAssessment!.assessedAt, level: assessment.level, limitFen };
}

/**
 * If the listing is fully subscribed and its subscription wait has recorded its token,
 * completes the wait with `output`. Returns false when the listing is not full or no
 * wait is recorded yet (the wait, recording its token, calls this itself). Whoever sees
 * it full sends; the engine takes a token once, so a second sender finds it gone.
 */
export async function completeSubscriptionIfFull(ports: SubscriptionPorts, loanId: string, output: { readonly filledBy: string }): Promise<boolean> {
  const listing = await ports.listings.findListing(loanId);
  if (!listing || listing.status !== 'LISTED' || (listing.fundedFen ?? 0) < listing.amountFen) return false;
  const pending = listing.pendingDecision;
  if (pending?.decision !== 'SUBSCRIPTION') return false;
  await ports.workflow.completeTask(pending.taskToken, { output });
  return true;
}
