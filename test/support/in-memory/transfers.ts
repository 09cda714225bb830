/**
 * Debt transfer records in memory, with the repository's rules: one open offer per holding,
 * an offer bought once (OPEN and unexpired → SETTLING in the purchase's step), and a
 * settlement that moves the part between the holdings and releases the loan's lock at once.
 */
import { expectedOfPart, movePart, type HoldingPosition } from '../../../functions/core/debt-transfer';
import { ConcurrentModificationError, ListingUnavailableError } from '../../../functions/core/errors';
import type { AtomicWrite } from '../../../functions/application/ports/ledger';
import type { SettledPart, TransferOffer, TransferPurchase, TransferRecords } from '../../../functions/application/ports/transfers';
import { inMemoryWrite } from './ledger';
import type { InMemoryServicingRecords } from './servicing';

export class InMemoryTransferRecords implements TransferRecords {
  readonly offers = new Map<string, TransferOffer>();
  readonly purchases = new Map<string, TransferPurchase>();
  /** The holding (`{investorId}#{loanId}`) under offer, and its offer. */
  readonly underOffer = new Map<string, string>();

  constructor(private readonly servicing: InMemoryServicingRecords) {}

  async createOffer(offer: TransferOffer): Promise<{ created: boolean; offer: TransferOffer }> {
    const existing = this.offers.get(offer.offerId);
    if (existing) return { created: false, offer: existing };
    const holding = `${offer.sellerId}#${offer.loanId}`;
    if (this.underOffer.has(holding)) throw new ConcurrentModificationError('the holding is already under offer: cancel that offer first');
    this.underOffer.set(holding, offer.offerId);
    this.offers.set(offer.offerId, offer);
    return { created: true, offer };
  }

  async findOffer(offerId: string): Promise<TransferOffer | undefined> {
    return this.offers.get(offerId);
  }

  async openOffers(): Promise<TransferOffer[]> {
    return [...this.offers.values()].filter((offer) => offer.status === 'OPEN');
  }

  async offersOfSeller(sellerId: string): Promise<TransferOffer[]> {
    return [...this.offers.values()].filter((offer) => offer.sellerId === sellerId);
  }

  async purchasesOfBuyer(buyerId: string): Promise<TransferPurchase[]> {
    return [...this.purchases.values()].filter((purchase) => purchase.buyerId === buyerId);
  }

  async closeOffer(offer: TransferOffer, status: 'CANCELLED' | 'EXPIRED', at: Date): Promise<boolean> {
    if (this.offers.get(offer.offerId)?.status !== 'OPEN') return false;
    this.offers.set(offer.offerId, { ...offer, status, updatedAt: at.toISOString() });
    this.underOffer.delete(`${offer.sellerId}#${offer.loanId}`);
    return true;
  }

  purchaseItems(offer: TransferOffer, purchase: TransferPurchase, at: Date): AtomicWrite[] {
    return [
      inMemoryWrite({
        check: () => {
          const now = this.offers.get(offer.offerId);
          if (now?.status !== 'OPEN' || Date.parse(now.expiresAt) <= at.getTime()) throw new ListingUnavailableError(`the offer is ${now?.status.toLowerCase() ?? 'gone'}`);
          if (this.purchases.has(purchase.purchaseId)) throw new ListingUnavailableError(`purchase ${purchase.purchaseId} already exists`);
        },
        apply: () => {
          this.offers.set(offer.offerId, { ...offer, status: 'SETTLING', purchaseId: purchase.purchaseId, buyerId: purchase.buyerId, updatedAt: at.toISOString() });
          this.purchases.set(purchase.purchaseId, purchase);
        },
      }),
    ];
  }

  async findPurchase(purchaseId: string): Promise<TransferPurchase | undefined> {
    return this.purchases.get(purchaseId);
  }

  async pendingPurchasesBefore(createdBefore: Date): Promise<TransferPurchase[]> {
    return [...this.purchases.values()].filter((purchase) => purchase.status === 'PENDING' && Date.parse(purchase.createdAt) < createdBefore.getTime()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async settlePurchase(purchase: TransferPurchase, part: HoldingPosition, valueFen: number, at: Date): Promise<boolean> {
    const now = this.purchases.get(purchase.purchaseId);
    if (now?.status !== 'PENDING') return false;
    this.purchases.set(purchase.purchaseId, { ...now, status: 'SETTLED', part, valueFen, settledAt: at.toISOString(), updatedAt: at.toISOString() });
    const offer = this.offers.get(purchase.offerId)!;
    this.offers.set(offer.offerId, { ...offer, status: 'SOLD', updatedAt: at.toISOString() });
    this.underOffer.delete(`${purchase.sellerId}#${purchase.loanId}`);
    this.moveHolding(purchase, part, at);
    this.servicing.releaseTransferLock(purchase.loanId, purchase.purchaseId);
    return true;
  }

  private moveHolding(purchase: TransferPurchase, part: HoldingPosition, at: Date): void {
    const { holdings } = this.servicing;
    const sellerKey = `${purchase.sellerId}#${purchase.loanId}`;
    const seller = holdings.get(sellerKey)!;
    const left = movePart(
      { stakeFen: seller.principalInvestedFen, receivedPrincipalFen: seller.receivedPrincipalFen ?? 0, receivedInterestFen: seller.receivedInterestFen ?? 0, receivedPenaltyFen: seller.receivedPenaltyFen ?? 0 },
      part,
      -1,
    );
    const expected = expectedOfPart({ principalFen: seller.expectedPrincipalFen ?? 0, interestFen: seller.expectedInterestFen ?? 0 }, seller.principalInvestedFen, part.stakeFen);
    holdings.set(sellerKey, {
      ...seller,
      expectedPrincipalFen: (seller.expectedPrincipalFen ?? 0) - expected.principalFen,
      expectedInterestFen: (seller.expectedInterestFen ?? 0) - expected.interestFen,
      principalInvestedFen: left.stakeFen,
      receivedPrincipalFen: left.receivedPrincipalFen,
      receivedInterestFen: left.receivedInterestFen,
      receivedPenaltyFen: left.receivedPenaltyFen,
      soldStakeFen: (seller.soldStakeFen ?? 0) + part.stakeFen,
    });
    const buyerKey = `${purchase.buyerId}#${purchase.loanId}`;
    const buyer = holdings.get(buyerKey) ?? { investorId: purchase.buyerId, loanId: purchase.loanId, principalInvestedFen: 0, repaymentsApplied: [...seller.repaymentsApplied], compensations: [] };
    const gained = movePart(
      { stakeFen: buyer.principalInvestedFen, receivedPrincipalFen: buyer.receivedPrincipalFen ?? 0, receivedInterestFen: buyer.receivedInterestFen ?? 0, receivedPenaltyFen: buyer.receivedPenaltyFen ?? 0 },
      part,
      1,
    );
    holdings.set(buyerKey, {
      ...buyer,
      principalInvestedFen: gained.stakeFen,
      receivedPrincipalFen: gained.receivedPrincipalFen,
      receivedInterestFen: gained.receivedInterestFen,
      receivedPenaltyFen: gained.receivedPenaltyFen,
      acquiredAt: buyer.acquiredAt ?? at.toISOString(),
      expectedPrincipalFen: (buyer.expectedPrincipalFen ?? 0) + expected.principalFen,
      expectedInterestFen: (buyer.expectedInterestFen ?? 0) + expected.interestFen,
    });
  }

  async failPurchase(purchase: TransferPurchase, reason: string, at: Date): Promise<boolean> {
    const now = this.purchases.get(purchase.purchaseId);
    if (now?.status !== 'PENDING') return false;
    this.purchases.set(purchase.purchaseId, { ...now, status: 'FAILED', failureReason: reason, updatedAt: at.toISOString() });
    const offer = this.offers.get(purchase.offerId)!;
    const { purchaseId: _purchase, buyerId: _buyer, ...open } = offer;
    this.offers.set(offer.offerId, { ...open, status: 'OPEN', updatedAt: at.toISOString() });
    this.servicing.releaseTransferLock(purchase.loanId, purchase.purchaseId);
    return true;
  }

  async settledPartsOf(loanId: string): Promise<SettledPart[]> {
    return [...this.purchases.values()]
      .filter((purchase) => purchase.loanId === loanId && purchase.status === 'SETTLED' && purchase.part)
      .sort((a, b) => (a.settledAt ?? '').localeCompare(b.settledAt ?? ''))
      .map((purchase) => ({ sellerId: purchase.sellerId, buyerId: purchase.buyerId, part: purchase.part! }));
  }
}
