/**
 * Listings and bids in memory, with the repository's rules: a bid's freeze, the bid and
 * the listing's funded amount are one step, refused unless the listing is LISTED and
 * the bid fits what remains; a replayed bid id writes nothing.
 */
import { bidFreezeEntry, bidVoidEntry, type BidRecord, type ListingRecord } from '../../../functions/core/bidding';
import { ConcurrentModificationError, ListingUnavailableError, UnsuitableInvestorError } from '../../../functions/core/errors';
import { accounts } from '../../../functions/core/ledger';
import type { AtomicWrite } from '../../../functions/application/ports/ledger';
import type { InvestmentCap, Listings } from '../../../functions/application/ports/listings';
import { maxInvestorsPerLoan } from '../../../functions/core/disbursement';
import type { InMemoryProfiles } from './outside-world';
import type { Marketplace } from '../../../functions/application/loan-events';
import { inMemoryWrite, type InMemoryLedgerPort } from './ledger';
import type { InMemoryLoans } from './loans';

export class InMemoryListings implements Listings, Marketplace {
  readonly bids = new Map<string, BidRecord>();
  /** Every bid each investor placed, in fen (the repository's BID_TOTALS). */
  readonly placedFen = new Map<string, number>();
  readonly marketplaceAttributes = ['marketplacePk', 'marketplaceSk'] as const;

  constructor(
    private readonly ledger: InMemoryLedgerPort,
    private readonly loans: InMemoryLoans,
    private readonly profiles: InMemoryProfiles,
  ) {}

  listingAttributes(loanId: string, grade: string, deadlineIso: string): Record<string, unknown> {
    return { marketplacePk: 'LISTED', marketplaceSk: `${grade}#${deadlineIso}#${loanId}`, fundedFen: 0, bidCount: 0 };
  }

  async findListing(loanId: string): Promise<ListingRecord | undefined> {
    return this.loans.records.get(loanId) as ListingRecord | undefined;
  }

  async placeBid(
    bid: Omit<BidRecord, 'status' | 'updatedAt'>,
    listingAmountFen: number,
    at: Date,
    cap: InvestmentCap,
    plan?: { readonly spending: AtomicWrite; readonly reserveFen: number },
  ): Promise<{ bid: BidRecord; placed: boolean }> {
    const record: BidRecord = { ...bid, status: 'FROZEN', updatedAt: bid.createdAt };
    const listingWrite = inMemoryWrite({
      check: () => {
        const listing = this.loans.records.get(bid.loanId) as ListingRecord | undefined;
        if (listing?.status !== 'LISTED') throw new ListingUnavailableError(`the listing is ${String(listing?.status ?? 'gone').toLowerCase()}, not open for bids`);
        if ((listing.fundedFen ?? 0) > listingAmountFen - bid.amountFen) throw new ListingUnavailableError('the listing is fully subscribed');
        if ((this.placedFen.get(bid.investorId) ?? 0) > cap.placedCeilingFen - bid.amountFen) throw new UnsuitableInvestorError(`risk level ${cap.level} limit`);
        if (this.profiles.profiles.get(bid.investorId)?.riskAssessment?.assessedAt !== cap.assessedAt) throw new ConcurrentModificationError('the risk assessment changed');
      },
      apply: () => {
        this.placedFen.set(bid.investorId, (this.placedFen.get(bid.investorId) ?? 0) + bid.amountFen);
        const listing = this.loans.records.get(bid.loanId) as ListingRecord;
        this.loans.records.set(bid.loanId, { ...listing, fundedFen: (listing.fundedFen ?? 0) + bid.amountFen, bidCount: (listing.bidCount ?? 0) + 1, updatedAt: at.toISOString() } as ListingRecord);
        this.bids.set(bid.bidId, record);
      },
    });
    const { recorded } = await this.ledger.recordEntry(bidFreezeEntry(bid), at, {
      alsoWrite: [listingWrite, ...(plan ? [plan.spending] : [])],
      ...(plan ? { keepAvailable: { account: accounts.custody(bid.investorId), fen: plan.reserveFen } } : {}),
    });
    return recorded ? { bid: record, placed: true } : { bid: this.bids.get(bid.bidId) ?? record, placed: false };
  }

  investmentLimitItems(investorId: string, amountFen: number, cap: InvestmentCap): AtomicWrite[] {
    return [
      inMemoryWrite({
        check: () => {
          if ((this.placedFen.get(investorId) ?? 0) > cap.placedCeilingFen - amountFen) throw new UnsuitableInvestorError(`risk level ${cap.level} limit`);
          if (this.profiles.profiles.get(investorId)?.riskAssessment?.assessedAt !== cap.assessedAt) throw new ConcurrentModificationError('the risk assessment changed');
        },
        apply: () => void this.placedFen.set(investorId, (this.placedFen.get(investorId) ?? 0) + amountFen),
      }),
    ];
  }

  /** Investors counted on each loan (bidders and buyers). */
  readonly investorsOf = new Map<string, Set<string>>();
  maxInvestors = maxInvestorsPerLoan;

  async newInvestorItems(loanId: string, investorId: string): Promise<AtomicWrite[]> {
    const counted = (): Set<string> => this.investorsOf.get(loanId) ?? new Set([...this.bids.values()].filter((bid) => bid.loanId === loanId).map((bid) => bid.investorId));
    if (counted().has(investorId)) return [];
    return [
      inMemoryWrite({
        check: () => {
          if (counted().has(investorId) || counted().size >= this.maxInvestors) throw new ListingUnavailableError(`the loan has its maximum of ${this.maxInvestors} investors`);
        },
        apply: () => void this.investorsOf.set(loanId, new Set([...counted(), investorId])),
      }),
    ];
  }

  async bidTotals(investorId: string): Promise<{ placedFen: number; voidedFen: number }> {
    const voided = [...this.bids.values()].filter((bid) => bid.investorId === investorId && bid.status === 'VOIDED');
    return { placedFen: this.placedFen.get(investorId) ?? 0, voidedFen: voided.reduce((sum, bid) => sum + bid.amountFen, 0) };
  }

  async *bidsOfLoan(loanId: string): AsyncIterable<readonly BidRecord[]> {
    yield [...this.bids.values()].filter((bid) => bid.loanId === loanId);
  }

  async voidBid(bid: BidRecord, at: Date): Promise<void> {
    await this.ledger.recordEntry(bidVoidEntry(bid), at, {
      alsoWrite: [
        inMemoryWrite({
          check: () => {
            if (this.bids.get(bid.bidId)?.status !== 'FROZEN') throw new ListingUnavailableError(`bid ${bid.bidId} is not frozen`);
          },
          apply: () => this.bids.set(bid.bidId, { ...bid, status: 'VOIDED', updatedAt: at.toISOString() }),
        }),
      ],
    });
  }

  async markBidPosted(bid: BidRecord, at: Date): Promise<void> {
    const now = this.bids.get(bid.bidId);
    if (now?.status === 'POSTED') return;
    if (now?.status !== 'FROZEN') throw new ListingUnavailableError(`bid ${bid.bidId} is ${String(now?.status ?? 'gone')}, not frozen`);
    this.bids.set(bid.bidId, { ...now, status: 'POSTED', updatedAt: at.toISOString() });
  }
}
