/** Debt transfer offers and purchases as the API shows them: amounts in yuan, never another investor's identity. */
import { formatYieldPercent } from '../core/debt-transfer';
import { fen, formatYuan } from '../core/money';
import type { TransferOffer, TransferPurchase } from '../application/ports/transfers';

const yuan = (amountFen: number): string => formatYuan(fen(amountFen));

/** An offer as anyone sees it (the seller and the buyer are left out). */
export const offerBody = (offer: TransferOffer) => ({
  offerId: offer.offerId,
  loanId: offer.loanId,
  grade: offer.grade,
  status: offer.status,
  part: yuan(offer.partFen),
  outstandingPrincipal: yuan(offer.outstandingPrincipalFen),
  value: yuan(offer.valueFen),
  price: yuan(offer.priceFen),
  premiumPercent: offer.premiumPercent,
  yieldToMaturityPercent: formatYieldPercent(offer.yieldMillionths),
  remainingInstallments: offer.remainingInstallments,
  createdAt: offer.createdAt,
  expiresAt: offer.expiresAt,
});

/** The seller's own offer: with the fee and the proceeds. */
export const myOfferBody = (offer: TransferOffer) => ({ ...offerBody(offer), fee: yuan(offer.feeFen), proceeds: yuan(offer.priceFen - offer.feeFen) });

export const purchaseBody = (purchase: TransferPurchase) => ({
  purchaseId: purchase.purchaseId,
  offerId: purchase.offerId,
  loanId: purchase.loanId,
  part: yuan(purchase.partFen),
  price: yuan(purchase.priceFen),
  status: purchase.status,
  createdAt: purchase.createdAt,
  ...(purchase.settledAt ? { settledAt: purchase.settledAt } : {}),
  ...(purchase.failureReason ? { failureReason: purchase.failureReason } : {}),
});
