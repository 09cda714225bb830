/**
 * Auto-bidding when a listing opens: every active plan, longest-waiting first, bids once
 * if the listing matches its criteria, for autoBidAmount(...), after the same
 * suitability checks as a manual bid. Each bid is one transaction (freeze, funded
 * amount, the plan's spending and last-served time) with a deterministic id per
 * (plan, listing), so a replayed workflow step bids nothing twice.
 */
import { createHash } from 'node:crypto';
import { autoBidAmount, planMatches, rotationOrder } from '../core/auto-bid';
import { checkSuitability } from '../core/bidding';
import { DomainError, ListingUnavailableError } from '../core/errors';
import { accounts, availableOf } from '../core/ledger';
import { activePlans, planSpendingItem } from '../adapters/dynamodb/auto-bid-repository';
import { accountBalance } from '../adapters/dynamodb/ledger-repository';
import { investorExposureFen } from './bidding';
import { findListing, placeBid } from '../adapters/dynamodb/listing-repository';
import { policy } from '../settings/settings';
import { findUserProfile } from '../adapters/dynamodb/user-repository';

export const autoBidId = (planId: string, loanId: string): string =>
  `bid-auto-${createHash('sha256').update(`${planId}|${loanId}`).digest('base64url').slice(0, 22)}`;

export interface AutoBidOutcome {
  readonly bids: number;
  readonly filled: boolean;
}

export async function runAutoBids(loanId: string, at: Date): Promise<AutoBidOutcome> {
  const opened = await findListing(loanId);
  if (!opened || opened.status !== 'LISTED') return { bids: 0, filled: false };
  let listing = opened;
  let remainingFen = listing.amountFen - (listing.fundedFen ?? 0);
  let bids = 0;
  const rules = { minimumFen: policy.minimumBidFen(), stepFen: policy.bidStepFen() };
  for (const plan of rotationOrder(await activePlans())) {
    if (remainingFen < rules.minimumFen) break;
    if (!planMatches(plan, { loanId, borrowerId: listing.borrowerId, grade: listing.grade, termMonths: listing.termMonths, annualRate: listing.annualRate })) continue;
    const [balance, profile, outstandingFen] = await Promise.all([accountBalance(accounts.custody(plan.investorId)), findUserProfile(plan.investorId), investorExposureFen(plan.investorId)]);
    const amountFen = autoBidAmount(plan, { remainingFen, availableFen: availableOf(balance), ...rules });
    if (amountFen === 0) continue;
    try {
      checkSuitability(amountFen, listing.grade, { investorId: plan.investorId, assessment: profile?.riskAssessment, outstandingFen }, at);
      const { placed } = await placeBid(
        { bidId: autoBidId(plan.planId, loanId), loanId, investorId: plan.investorId, amountFen, createdAt: at.toISOString(), source: plan.planId },
        listing.amountFen,
        at,
        [planSpendingItem(plan, amountFen, at)],
      );
      if (placed) bids += 1;
    } catch (error) {
      // A listing filled by concurrent manual bids stops the round; an unsuitable or short plan is skipped, keeping its place.
      if (!(error instanceof DomainError)) throw error;
      if (error instanceof ListingUnavailableError && (await findListing(loanId))?.status !== 'LISTED') break;
    }
    listing = (await findListing(loanId)) ?? listing;
    remainingFen = listing.amountFen - (listing.fundedFen ?? 0);
  }
  const final = (await findListing(loanId)) ?? listing;
  return { bids, filled: final.status === 'LISTED' && (final.fundedFen ?? 0) >= final.amountFen };
}
