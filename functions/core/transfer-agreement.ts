/**
 * The transfer agreement (债权转让协议): what the document of a settled debt transfer says,
 * computed from the purchase, its offer and the platform's name. Pure: no I/O, no clock.
 *
 * - The terms both parties accept are named by a hash (transferTermsHash): the offer, the
 *   loan, the part, the price, the fee and the platform. The seller accepts them by making
 *   the offer, the buyer by buying it; each record keeps the time and the request id.
 * - Parties are masked user references, as on the loan contract.
 * - Signed like the loan contract (core/loan-agreement SigningParty, assertConsented): the
 *   seller and the buyer only with their consent, then the platform.
 */
import { businessDate, platformTimeZone } from './calendar';
import { formatYieldPercent } from './debt-transfer';
import { sha256Hex } from './disclosure-export';
import { maskedUserRef, type PartyConsent, type SignatureRecord, type SigningParty } from './loan-agreement';
import { fen, formatYuan } from './money';

export const transferAgreementVersion = 1;

/** The object key of a transfer's agreement: beside the loan's contract. */
export const transferAgreementKey = (loanId: string, purchaseId: string): string => `contracts/${loanId}/transfer-${purchaseId}-v${transferAgreementVersion}.pdf`;

/** What the terms hash covers: the offer as made (its id, loan, part, price and fee). */
export interface TransferTerms {
  readonly offerId: string;
  readonly loanId: string;
  readonly partFen: number;
  readonly priceFen: number;
  readonly feeFen: number;
}

export function transferTermsHash(terms: TransferTerms, platformName: string): string {
  const lines = [
    `p2p-transfer-agreement/v${transferAgreementVersion}`,
    `offer ${terms.offerId}`,
    `loan ${terms.loanId}`,
    `partFen ${terms.partFen}`,
    `priceFen ${terms.priceFen}`,
    `feeFen ${terms.feeFen}`,
    `platform ${platformName}`,
  ];
  return sha256Hex(new TextEncoder().encode(lines.join('\n')));
}

export interface TransferAgreementInput {
  readonly purchaseId: string;
  readonly offer: TransferTerms & {
    readonly outstandingPrincipalFen: number;
    readonly valueFen: number;
    readonly premiumPercent: string;
    readonly yieldMillionths: number;
    readonly remainingInstallments: number;
    readonly grade: string;
  };
  readonly sellerId: string;
  readonly buyerId: string;
  readonly sellerConsent?: PartyConsent | undefined;
  readonly buyerConsent?: PartyConsent | undefined;
  /** When the bank settled the transfer, ISO 8601: the agreement's date. */
  readonly settledAt: string;
  readonly platformName: string;
}

export interface TransferAgreement {
  readonly version: number;
  readonly purchaseId: string;
  readonly offerId: string;
  readonly loanId: string;
  readonly termsHash: string;
  readonly agreementDate: string;
  readonly generatedAt: string;
  readonly platform: string;
  readonly seller: { readonly ref: string; readonly consent?: PartyConsent };
  readonly buyer: { readonly ref: string; readonly consent?: PartyConsent };
  readonly grade: string;
  readonly part: string;
  readonly outstandingPrincipal: string;
  readonly value: string;
  readonly price: string;
  readonly fee: string;
  readonly toSeller: string;
  readonly premiumPercent: string;
  readonly yieldPercent: string;
  readonly remainingInstallments: number;
}

const yuan = (amountFen: number): string => formatYuan(fen(amountFen));

export function buildTransferAgreement(input: TransferAgreementInput): TransferAgreement {
  const settledAt = new Date(input.settledAt);
  if (Number.isNaN(settledAt.getTime())) throw new RangeError(`not an instant: ${input.settledAt}`);
  const { offer } = input;
  return {
    version: transferAgreementVersion,
    purchaseId: input.purchaseId,
    offerId: offer.offerId,
    loanId: offer.loanId,
    termsHash: transferTermsHash(offer, input.platformName),
    agreementDate: businessDate(settledAt, platformTimeZone),
    generatedAt: settledAt.toISOString(),
    platform: input.platformName,
    seller: { ref: maskedUserRef(input.sellerId), ...(input.sellerConsent ? { consent: input.sellerConsent } : {}) },
    buyer: { ref: maskedUserRef(input.buyerId), ...(input.buyerConsent ? { consent: input.buyerConsent } : {}) },
    grade: offer.grade,
    part: yuan(offer.partFen),
    outstandingPrincipal: yuan(offer.outstandingPrincipalFen),
    value: yuan(offer.valueFen),
    price: yuan(offer.priceFen),
    fee: yuan(offer.feeFen),
    toSeller: yuan(offer.priceFen - offer.feeFen),
    premiumPercent: offer.premiumPercent,
    yieldPercent: formatYieldPercent(offer.yieldMillionths),
    remainingInstallments: offer.remainingInstallments,
  };
}

/** The seller, the buyer, then the platform. */
export function transferSigningParties(agreement: TransferAgreement): SigningParty[] {
  const { seller, buyer } = agreement;
  return [
    { role: 'seller', party: seller.ref, ...(seller.consent ? { consent: seller.consent } : {}) },
    { role: 'buyer', party: buyer.ref, ...(buyer.consent ? { consent: buyer.consent } : {}) },
    { role: 'platform', party: agreement.platform },
  ];
}

/** The recorded transfer agreement: the stored document's key and digest, every signature. */
export interface TransferAgreementRecord {
  readonly purchaseId: string;
  readonly loanId: string;
  readonly documentKey: string;
  readonly sha256: string;
  readonly byteLength: number;
  readonly signatures: readonly SignatureRecord[];
  readonly termsHash: string;
  readonly generatedAt: string;
  readonly signedAt: string;
  readonly version: number;
}
