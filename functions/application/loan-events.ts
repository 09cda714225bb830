/**
 * The origination workflow's lifecycle events on a loan (the apply-loan-event task),
 * with what listing adds: LIST opens the marketplace listing and runs the auto-bids;
 * EXPIRE closes it and releases every frozen bid (as does a disbursement the bank
 * declined). At-least-once safe: a replay of an event that already took effect returns
 * the loan's current state, and a bid already voided is skipped.
 */
import { PendingTransferResolvedError } from '../core/errors';
import { listingDeadline, type LoanEventType } from '../core/loan-lifecycle';
import { runAutoBids, type AutoBiddingPorts } from './auto-bidding';
import type { LendingPolicy } from './ports/lending-policy';
import type { Listings } from './ports/listings';
import type { Loans } from './ports/loans';
import type { OperationalSignals } from './ports/operational-signals';

/** The marketplace attributes of a listing (keys of the listings' index). */
export interface Marketplace {
  /** The attributes LIST sets on the loan: it enters the marketplace with nothing funded yet. */
  listingAttributes(loanId: string, grade: string, deadlineIso: string): Record<string, unknown>;
  /** What FILL and EXPIRE remove: the listing leaves the marketplace. */
  readonly marketplaceAttributes: readonly string[];
}

/** What releasing a loan's frozen bids talks to. */
export interface BidReleasePorts {
  readonly listings: Pick<Listings, 'bidsOfLoan' | 'voidBid'>;
}

export interface LoanEventPorts extends AutoBiddingPorts, BidReleasePorts {
  readonly listings: Pick<Listings, 'findListing' | 'placeBid' | 'bidTotals' | 'bidsOfLoan' | 'voidBid'>;
  readonly loans: Pick<Loans, 'applyLoanEvent'>;
  readonly marketplace: Marketplace;
  readonly policy: Pick<LendingPolicy, 'minimumBidFen' | 'bidStepFen' | 'listingPeriodDays'>;
  readonly signals: Pick<OperationalSignals, 'raise' | 'count'>;
}

export interface LoanEventInput {
  readonly loanId: string;
  readonly event: LoanEventType;
  readonly grade?: string | undefined;
  readonly reasons?: readonly string[] | undefined;
  /** For FAIL_DISBURSEMENT: the caught error ({Error, Cause}) for operators. */
  readonly failure?: { readonly Error?: string | undefined; readonly Cause?: string | undefined } | undefined;
}

export interface LoanEventResult {
  readonly status: string;
  /** For LIST: seconds until the listing deadline, the subscription wait's timeout. */
  readonly openSeconds?: number;
  /** For LIST: true when auto-bids filled the listing at once; for EXPIRE: true when the listing was full at its deadline (both go on to MarkFunded). */
  readonly filled?: boolean;
}

export async function applyLoanEventStep(ports: LoanEventPorts, input: LoanEventInput, at: Date): Promise<LoanEventResult> {
  if (input.event === 'LIST') return openListing(ports, input.loanId, input.grade, at);
  if (input.event === 'EXPIRE') return expireListing(ports, input.loanId, at);
  const loan = await ports.loans.applyLoanEvent(
    input.loanId,
    input.event,
    at,
    input.event === 'REJECT'
      ? { rejectionReasons: [...(input.reasons ?? [])] }
      : input.event === 'FAIL_DISBURSEMENT'
        ? { disbursementFailure: { error: input.failure?.Error ?? 'Unknown', ...(input.failure?.Cause ? { cause: input.failure.Cause.slice(0, 500) } : {}), at: at.toISOString() } }
        : {},
    input.event === 'FILL' ? ports.marketplace.marketplaceAttributes : [],
  );
  if (input.event === 'FAIL_DISBURSEMENT') {
    ports.signals.raise('DisbursementFailed', { loanId: input.loanId, error: input.failure?.Error ?? 'Unknown' });
    // The bank declined the disbursement (DisbursementFailed), or a party never consented to the
    // contract so nothing was signed and no disbursement was asked (ConsentMissingError): nothing
    // moved, nothing will; the investors get their money back. After a timeout the outcome is
    // unknown, so the freezes stay until the bank's late answer rolls the disbursement forward or back.
    if (input.failure?.Error === 'DisbursementFailed' || input.failure?.Error === 'ConsentMissingError') await releaseFrozenBids(ports, input.loanId, at);
  }
  return { status: loan.status };
}

async function openListing(ports: LoanEventPorts, loanId: string, grade: string | undefined, at: Date): Promise<LoanEventResult> {
  const deadline = listingDeadline(at, ports.policy.listingPeriodDays());
  const loan = await ports.loans.applyLoanEvent(loanId, 'LIST', at, {
    ...(grade ? { grade } : {}),
    listedAt: at.toISOString(),
    listingDeadline: deadline.toISOString(),
    ...ports.marketplace.listingAttributes(loanId, grade ?? 'E', deadline.toISOString()),
  });
  // A replayed LIST keeps the deadline first recorded.
  const remaining = Math.ceil((Date.parse(loan.listingDeadline ?? deadline.toISOString()) - at.getTime()) / 1000);
  // The listing is open: auto-bid plans bid first, in their fair rotation (a replay bids nothing twice).
  const { filled } = loan.status === 'LISTED' ? await runAutoBids(ports, loanId, at) : { filled: false };
  return { status: loan.status, openSeconds: Math.max(1, remaining), filled };
}

/**
 * The listing's deadline passed. A listing that is full at its deadline was filled by a
 * bid whose signal to the subscription wait was lost: it is funded, not expired (the
 * workflow routes it to MarkFunded). Otherwise it EXPIREs and leaves the marketplace, and
 * every freeze is voided, each once: no bid can arrive any more (bids need LISTED).
 */
export async function expireListing(ports: LoanEventPorts, loanId: string, at: Date): Promise<LoanEventResult> {
  const listing = await ports.listings.findListing(loanId);
  if (listing?.status === 'LISTED' && (listing.fundedFen ?? 0) >= listing.amountFen) return { status: listing.status, filled: true };
  const loan = await ports.loans.applyLoanEvent(loanId, 'EXPIRE', at, {}, ports.marketplace.marketplaceAttributes);
  await releaseFrozenBids(ports, loanId, at);
  return { status: loan.status, filled: false };
}

/** Voids every bid of the loan still FROZEN, each once; a concurrent or replayed run skips what is already voided. */
export async function releaseFrozenBids(ports: BidReleasePorts, loanId: string, at: Date): Promise<void> {
  for await (const page of ports.listings.bidsOfLoan(loanId)) {
    for (const bid of page) {
      if (bid.status !== 'FROZEN') continue;
      try {
        await ports.listings.voidBid(bid, at);
      } catch (error) {
        if (!(error instanceof PendingTransferResolvedError)) throw error;
      }
    }
  }
}
