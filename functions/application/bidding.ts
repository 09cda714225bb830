/**
 * Placing a bid (投标): the rules (functions/core/bidding.ts) against the listing,
 * the investor's profile and outstanding bids; then the freeze and the funded
 * amount in one transaction (listing-repository.placeBid); and, for the bid that
 * fills the listing, the workflow's subscription task completed with its token.
 */
import { createHash } from 'node:crypto';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { checkBid } from '../core/bidding';
import { NotFoundError } from '../core/errors';
import { findListing, liveBidsFen, placeBid, type BidRecord, type ListingRecord } from '../adapters/dynamodb/listing-repository';
import { holdingsOf } from '../adapters/dynamodb/servicing-repository';
import { policy } from '../settings/settings';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import { stepFunctions } from '../adapters/stepfunctions/workflow-engine';

/** The bid id follows from the investor and the request's Idempotency-Key: a retried request is the same bid. */
export const bidIdFor = (investorId: string, idempotencyKey: string): string =>
  `bid-${createHash('sha256').update(`${investorId}|${idempotencyKey}`).digest('base64url').slice(0, 26)}`;

export async function placeManualBid(investorId: string, loanId: string, idempotencyKey: string, amountFen: number, at: Date): Promise<BidRecord> {
  const listing = await findListing(loanId);
  if (!listing || listing.listedAt === undefined) throw new NotFoundError(`no listing ${loanId}`);
  const [profile, outstandingFen] = await Promise.all([findUserProfile(investorId), investorExposureFen(investorId)]);
  checkBid(
    amountFen,
    { borrowerId: listing.borrowerId, status: listing.status, amountFen: listing.amountFen, fundedFen: listing.fundedFen ?? 0, grade: listing.grade },
    { investorId, assessment: profile?.riskAssessment, outstandingFen },
    { minimumFen: policy.minimumBidFen(), stepFen: policy.bidStepFen() },
    at,
  );
  const { bid } = await placeBid(
    { bidId: bidIdFor(investorId, idempotencyKey), loanId, investorId, amountFen, createdAt: at.toISOString(), source: 'manual' },
    listing.amountFen,
    at,
  );
  await completeSubscriptionIfFull(loanId, bid.bidId);
  return bid;
}

/**
 * The principal the investor has outstanding on the platform, which the tiered limit of
 * their risk level caps: every live bid (frozen on an open listing, or disbursed) less
 * the principal already repaid to them (their holdings).
 */
export async function investorExposureFen(investorId: string): Promise<number> {
  const [bidsFen, holdings] = await Promise.all([liveBidsFen(investorId), holdingsOf(investorId)]);
  return bidsFen - holdings.reduce((sum, holding) => sum + (holding.receivedPrincipalFen ?? 0), 0);
}

/**
 * If the listing is fully subscribed, completes the workflow's subscription wait with
 * the token stored on the loan. Whoever sees it full sends; the engine accepts a token
 * once, so a second sender's TaskTimedOut means it was done already.
 */
export async function completeSubscriptionIfFull(loanId: string, bidId: string): Promise<boolean> {
  // The wait records its token just after the listing opens: give it a moment if a bid fills the listing first.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const listing: ListingRecord | undefined = await findListing(loanId);
    if (!listing || listing.status !== 'LISTED' || (listing.fundedFen ?? 0) < listing.amountFen) return false;
    const pending = listing.pendingDecision;
    if (pending?.decision === 'SUBSCRIPTION') {
      try {
        await stepFunctions.send(new SendTaskSuccessCommand({ taskToken: pending.taskToken, output: JSON.stringify({ filledBy: bidId }) }));
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'TaskTimedOut') throw error;
      }
      return true;
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return false;
}
