/** Listings and their bids, as the bidding, disbursement and expiry use cases use them. */
import type { BidRecord, ListingRecord } from '../../core/bidding';
import type { AtomicWrite } from './ledger';

/** The investor's limit as the bid's transaction checks it, beside the listing's own condition. */
export interface InvestmentCap {
  /** The most the investor's placed total may reach with this bid (core/bidding placedCeilingFen). */
  readonly placedCeilingFen: number;
  /** The profile's assessment the limit was read from (its assessedAt): the bid is refused if it changed meanwhile. */
  readonly assessedAt: string;
  /** The level and its limit, for the refusal's message. */
  readonly level: string;
  readonly limitFen: number;
}

export interface Listings {
  findListing(loanId: string): Promise<ListingRecord | undefined>;
  /**
   * Freezes the bid (core/bidding bidFreezeEntry), raises the listing's funded amount and the
   * investor's placed total in one transaction, refused unless the listing is open and the bid
   * fits (ListingUnavailableError), the placed total stays within `cap` (UnsuitableInvestorError)
   * and the investor's assessment is still the one read (ConcurrentModificationError);
   * `alsoWrite` joins that transaction. A replay of the same bid id writes nothing.
   */
  /**
   * `plan`: an auto-bid plan's spending, written in the bid's transaction, and its reserve: the
   * least the investor's custody account must still hold available after the freeze.
   */
  placeBid(
    bid: Omit<BidRecord, 'status' | 'updatedAt'>,
    listingAmountFen: number,
    at: Date,
    cap: InvestmentCap,
    plan?: { readonly spending: AtomicWrite; readonly reserveFen: number },
  ): Promise<{ bid: BidRecord; placed: boolean }>;
  /** For a debt transfer's purchase: the investor's placed total raised by `amountFen` within `cap`, their assessment unchanged. */
  investmentLimitItems(investorId: string, amountFen: number, cap: InvestmentCap): AtomicWrite[];
  /** For a debt transfer's purchase: a buyer new to the loan counted among its investors, at most maxInvestorsPerLoan (none if counted already). */
  newInvestorItems(loanId: string, investorId: string): Promise<AtomicWrite[]>;
  /** Every bid the investor ever placed (the total the bid's transaction raises) and those voided since, in fen. */
  bidTotals(investorId: string): Promise<{ readonly placedFen: number; readonly voidedFen: number }>;
  /** Every bid on a loan, page by page. */
  bidsOfLoan(loanId: string): AsyncIterable<readonly BidRecord[]>;
  /** Voids a FROZEN bid's freeze (core/bidding bidVoidEntry) and marks it VOIDED, in one transaction. */
  voidBid(bid: BidRecord, at: Date): Promise<void>;
  /** Marks a bid POSTED once its freeze is posted at disbursement (a replay changes nothing). */
  markBidPosted(bid: BidRecord, at: Date): Promise<void>;
}
