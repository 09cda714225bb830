/** Listings and their bids, as the bidding, disbursement and expiry use cases use them. */
import type { BidRecord, ListingRecord } from '../../core/bidding';
import type { AtomicWrite } from './ledger';

export interface Listings {
  findListing(loanId: string): Promise<ListingRecord | undefined>;
  /**
   * Freezes the bid (core/bidding bidFreezeEntry) and raises the listing's funded amount in
   * one transaction, refused (ListingUnavailableError) unless the listing is open and the bid
   * fits; `alsoWrite` joins that transaction. A replay of the same bid id writes nothing.
   */
  placeBid(bid: Omit<BidRecord, 'status' | 'updatedAt'>, listingAmountFen: number, at: Date, alsoWrite?: readonly AtomicWrite[]): Promise<{ bid: BidRecord; placed: boolean }>;
  /** What the investor has in bids still live (frozen or posted), in fen. */
  liveBidsFen(investorId: string): Promise<number>;
  /** Every bid on a loan, page by page. */
  bidsOfLoan(loanId: string): AsyncIterable<readonly BidRecord[]>;
  /** Voids a FROZEN bid's freeze (core/bidding bidVoidEntry) and marks it VOIDED, in one transaction. */
  voidBid(bid: BidRecord, at: Date): Promise<void>;
  /** Marks a bid POSTED once its freeze is posted at disbursement (a replay changes nothing). */
  markBidPosted(bid: BidRecord, at: Date): Promise<void>;
}
