/**
 * Auto-bidding when a listing opens: every active plan, longest-waiting first, bids once
 * if the listing matches its criteria, for autoBidAmount(...), after the same
 * suitability checks as a manual bid. Each bid is one transaction (freeze, funded
 * amount, the plan's spending and last-served time) with a deterministic id per
 * (plan, listing), so a replayed workflow step bids nothing twice.
 */
import { createHash } from 'node:crypto';
import { autoBidAmount, planMatches, rotationOrder } from '../core/auto-bid';
import { DomainError, ListingUnavailableError } from '../core/errors';
import { checkSuitability, investmentOutstandingFen } from '../core/bidding';
import { assessmentInForce } from '../core/investor-suitability';
import { accounts, availableOf } from '../core/ledger';
import { investmentCap, investorBidBook, type ExposurePorts } from './bidding';
import type { AutoBidPlans } from './ports/auto-bid-plans';
import { bidConsent, type AgreementPolicy } from './contract-consent';
import type { LendingPolicy } from './ports/lending-policy';
import type { Ledger } from './ports/ledger';
import type { Listings } from './ports/listings';
import type { OperationalSignals } from './ports/operational-signals';
import type { UserProfiles } from './ports/user-profiles';

export interface AutoBiddingPorts extends ExposurePorts {
  readonly listings: Pick<Listings, 'findListing' | 'placeBid' | 'bidTotals'>;
  readonly plans: AutoBidPlans;
  readonly ledger: Pick<Ledger, 'accountBalance'>;
  readonly profiles: UserProfiles;
  readonly policy: Pick<LendingPolicy, 'minimumBidFen' | 'bidStepFen'>;
  readonly terms: AgreementPolicy;
  readonly signals: Pick<OperationalSignals, 'count'>;
}

export const autoBidId = (planId: string, loanId: string): string =>
  `bid-auto-${createHash('sha256').update(`${planId}|${loanId}`).digest('base64url').slice(0, 22)}`;

export interface AutoBidOutcome {
  readonly bids: number;
  readonly filled: boolean;
}

export async function runAutoBids(ports: AutoBiddingPorts, loanId: string, at: Date): Promise<AutoBidOutcome> {
  const { listings } = ports;
  const opened = await listings.findListing(loanId);
  if (!opened || opened.status !== 'LISTED') return { bids: 0, filled: false };
  let listing = opened;
  let remainingFen = listing.amountFen - (listing.fundedFen ?? 0);
  let bids = 0;
  const rules = { minimumFen: ports.policy.minimumBidFen(), stepFen: ports.policy.bidStepFen() };
  for (const plan of rotationOrder(await ports.plans.activePlans())) {
    if (remainingFen < rules.minimumFen) break;
    if (!planMatches(plan, { loanId, borrowerId: listing.borrowerId, grade: listing.grade, termMonths: listing.termMonths, annualRate: listing.annualRate })) continue;
    const [balance, profile, book] = await Promise.all([
      ports.ledger.accountBalance(accounts.custody(plan.investorId)),
      ports.profiles.findUserProfile(plan.investorId),
      investorBidBook(ports, plan.investorId),
    ]);
    const amountFen = autoBidAmount(plan, { remainingFen, availableFen: availableOf(balance), ...rules });
    if (amountFen === 0) continue;
    try {
      const assessment = assessmentInForce(profile, at);
      const limitFen = checkSuitability(amountFen, listing.grade, { investorId: plan.investorId, assessment, outstandingFen: investmentOutstandingFen(book) }, at);
      const { placed } = await listings.placeBid(
        {
          bidId: autoBidId(plan.planId, loanId),
          loanId,
          investorId: plan.investorId,
          amountFen,
          createdAt: at.toISOString(),
          source: plan.planId,
          // The plan is the investor's standing acceptance of the platform's agreement: its id is the record's request.
          consent: bidConsent(listing, ports.terms, { requestId: plan.planId, channel: 'auto-bid' }, at),
        },
        listing.amountFen,
        at,
        investmentCap(profile!, assessment!, book, limitFen),
        { spending: ports.plans.planSpendingItem(plan, amountFen, at), reserveFen: plan.reserveFen },
      );
      if (placed) bids += 1;
    } catch (error) {
      // A listing filled by concurrent manual bids stops the round; an unsuitable or short plan is skipped, keeping its place.
      if (!(error instanceof DomainError)) throw error;
      if (error instanceof ListingUnavailableError && (await listings.findListing(loanId))?.status !== 'LISTED') break;
    }
    listing = (await listings.findListing(loanId)) ?? listing;
    remainingFen = listing.amountFen - (listing.fundedFen ?? 0);
  }
  if (bids > 0) ports.signals.count('BidsPlaced', bids);
  const final = (await listings.findListing(loanId)) ?? listing;
  return { bids, filled: final.status === 'LISTED' && (final.fundedFen ?? 0) >= final.amountFen };
}
