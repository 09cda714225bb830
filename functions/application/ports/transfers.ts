/**
 * Debt transfer records (债权转让): offers, purchases and the parts of holdings that moved,
 * as the transfer use cases (../debt-transfer.ts) and the stakes of a loan use them.
 */
import type { PartyConsent } from '../../core/loan-agreement';
import type { HoldingPosition, TransferPolicy } from '../../core/debt-transfer';
import type { AtomicWrite } from './ledger';

export type OfferStatus = 'OPEN' | 'SETTLING' | 'SOLD' | 'CANCELLED' | 'EXPIRED';

export interface TransferOffer {
  readonly offerId: string;
  readonly loanId: string;
  readonly sellerId: string;
  readonly grade: string;
  /** The stake offered (the principal the part funded), in fen. */
  readonly partFen: number;
  readonly outstandingPrincipalFen: number;
  readonly valueFen: number;
  readonly priceFen: number;
  readonly feeFen: number;
  /** (price − value) / value in percent, two decimals; negative: a discount. */
  readonly premiumPercent: string;
  /** The buyer's yield to maturity in millionths (120000 = 12%). */
  readonly yieldMillionths: number;
  readonly remainingInstallments: number;
  /** The loan's repayment count when offered: a later repayment changes the value, and the offer lapses. */
  readonly repaymentCount: number;
  readonly status: OfferStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly purchaseId?: string;
  readonly buyerId?: string;
  /** The seller's acceptance of the transfer agreement's terms, made with the offer (core/transfer-agreement transferTermsHash). */
  readonly consent?: PartyConsent;
}

export type PurchaseStatus = 'PENDING' | 'SETTLED' | 'FAILED';

export interface TransferPurchaseLeg {
  readonly from: string;
  readonly to: string;
  readonly amountFen: number;
  readonly toUserId: string;
}

export interface TransferPurchase {
  readonly purchaseId: string;
  readonly offerId: string;
  readonly loanId: string;
  readonly sellerId: string;
  readonly buyerId: string;
  readonly partFen: number;
  readonly priceFen: number;
  readonly feeFen: number;
  readonly legs: readonly TransferPurchaseLeg[];
  readonly status: PurchaseStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Once SETTLED: the part that moved, with its share of what the seller's holding had received. */
  readonly part?: HoldingPosition;
  /** Once SETTLED: the part's value at the sale (outstanding principal + interest accrued to the bank's execution date): what transfer gains are measured against. */
  readonly valueFen?: number;
  readonly settledAt?: string;
  readonly failureReason?: string;
  /** The buyer's acceptance of the transfer agreement's terms, made with the purchase. */
  readonly consent?: PartyConsent;
}

/** A settled purchase, as the loan's stakes apply it. */
export interface SettledPart {
  readonly sellerId: string;
  readonly buyerId: string;
  readonly part: HoldingPosition;
}

export interface TransferRecords {
  /** Stores an OPEN offer and marks the holding as under offer, both or neither: ConflictError if the holding already is. */
  createOffer(offer: TransferOffer): Promise<{ created: boolean; offer: TransferOffer }>;
  findOffer(offerId: string): Promise<TransferOffer | undefined>;
  /** Every OPEN offer (the transfer market), oldest first. */
  openOffers(): Promise<TransferOffer[]>;
  offersOfSeller(sellerId: string): Promise<TransferOffer[]>;
  purchasesOfBuyer(buyerId: string): Promise<TransferPurchase[]>;
  /** OPEN → CANCELLED or EXPIRED, releasing the holding; false when it was no longer OPEN. */
  closeOffer(offer: TransferOffer, status: 'CANCELLED' | 'EXPIRED', at: Date): Promise<boolean>;
  /**
   * For the purchase's freeze entry: the offer OPEN and unexpired at `at` → SETTLING with its buyer
   * (ListingUnavailableError otherwise: exactly one buyer), the purchase record stored.
   */
  purchaseItems(offer: TransferOffer, purchase: TransferPurchase, at: Date): AtomicWrite[];
  findPurchase(purchaseId: string): Promise<TransferPurchase | undefined>;
  /** The purchases still PENDING that were made before `createdBefore`, oldest first. */
  pendingPurchasesBefore(createdBefore: Date): Promise<TransferPurchase[]>;
  /**
   * PENDING → SETTLED in one transaction: the offer SOLD, the part moved from the seller's
   * holding to the buyer's, the purchase's loan lock released, the part and its value at the sale
   * kept on the purchase. False when it had left PENDING.
   */
  settlePurchase(purchase: TransferPurchase, part: HoldingPosition, valueFen: number, at: Date): Promise<boolean>;
  /** PENDING → FAILED: the offer OPEN again, the loan lock released. False when it had left PENDING. */
  failPurchase(purchase: TransferPurchase, reason: string, at: Date): Promise<boolean>;
  /** Every settled purchase of a loan's holdings, in settlement order. */
  settledPartsOf(loanId: string): Promise<SettledPart[]>;
}

/** The transfer rules' configurable values (the settings module provides them). */
export interface TransferPolicyValues {
  transferPolicy(): TransferPolicy;
  /** How long an offer stays open, in hours. */
  offerLifetimeHours(): number;
  /** How long a purchase waits for the bank's callback before the bank is asked, in minutes. */
  settlementTimeoutMinutes(): number;
}
