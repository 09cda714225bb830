/**
 * Debt transfer (债权转让) over the ports: an investor offers a holding (all or part), another
 * buys it through the custodian bank. The rules are pure, in ../core/debt-transfer.ts.
 *
 * 1. offerHolding: checks the holding (performing loan, nothing overdue, held long enough,
 *    not near a due date, whole steps) and the price (between the bounds around its value),
 *    and stores the OPEN offer with the holding marked as under offer, in one write: a
 *    holding is never offered twice at once.
 * 2. buyOffer: the buyer's suitability and tiered limit as for a bid (never the borrower, nor
 *    the seller), then ONE transaction: the buyer's price frozen in the ledger, the offer
 *    OPEN → SETTLING with this buyer (exactly one buyer under any concurrency), the buyer's
 *    placed total raised within their limit, the loan's investor count within 199 for a new
 *    investor, and the loan's servicing lock taken (no repayment with the bank, none since the
 *    offer). Then one transfer instruction `xfer-{purchaseId}`: buyer → seller (price − fee),
 *    buyer → the platform's fee account (fee).
 * 3. completeTransfer (the bank's signed callback, routed by custody.ts): succeeded posts the
 *    freeze and pays seller and fee income, then moves the part of the holding to the buyer and
 *    releases the lock; failed voids the freeze and opens the offer again. Only then, or never,
 *    does the holding change owner.
 * 4. resolveTimedOutPurchases (the settlement timeout, run by the daily reconciliation): a
 *    purchase without a callback after `settlementTimeoutMinutes` is resolved by the bank's
 *    status query, as its callback would have been.
 *
 * The repayment rule: a transfer and a repayment of the same loan never overlap. A repayment
 * requested while a transfer settles finds the lock taken and is refused (409, the servicing
 * workflow collects on its next attempt); a repayment is distributed to whoever holds the
 * principal when it is requested. Offers are neither made nor bought in the window before a due
 * date, and an offer lapses once a repayment is made after it (its price was for the old value),
 * so that holder is whoever held the principal at the due date.
 */
import { createHash } from 'node:crypto';
import { businessDate, platformTimeZone } from '../core/calendar';
import { checkSuitability, investmentOutstandingFen } from '../core/bidding';
import {
  checkPrice,
  checkTransferable,
  partOf,
  premiumPercent,
  purchaseOfInstruction,
  shareOfLoan,
  transferFeeFen,
  transferFreezeEntry,
  transferInstructionId,
  transferLegs,
  transferSettlementEntry,
  transferValueFen,
  transferVoidEntry,
  yieldToMaturityMillionths,
  type HoldingPosition,
  type LoanForTransfer,
  type TransferPolicy,
} from '../core/debt-transfer';
import { DomainError, ForbiddenError, IdempotencyConflictError, ListingUnavailableError, NotFoundError } from '../core/errors';
import { assessmentInForce } from '../core/investor-suitability';
import type { LoanRecord } from '../core/loan-lifecycle';
import type { PartyConsent } from '../core/loan-agreement';
import { parseRate } from '../core/rate';
import { transferAgreementVersion, transferTermsHash, type TransferTerms } from '../core/transfer-agreement';
import type { AgreementPolicy } from './contract-consent';
import { investmentCap, investorBidBook, type ExposurePorts } from './bidding';
import { InFlightError } from './repayment';
import { subAccountOf } from './sub-accounts';
import type { CallbackEvent, CustodianBank, CustodianBankProtocol } from './ports/custodian-bank';
import type { TransferBook } from './ports/custody-records';
import type { Installments } from './ports/installments';
import type { LendingPolicy } from './ports/lending-policy';
import type { Ledger } from './ports/ledger';
import type { Listings } from './ports/listings';
import type { Loans } from './ports/loans';
import type { OperationalSignals } from './ports/operational-signals';
import type { HoldingRecord, ServicingRecords } from './ports/servicing';
import type { TransferOffer, TransferPolicyValues, TransferPurchase, TransferRecords } from './ports/transfers';
import type { UserProfiles } from './ports/user-profiles';

export interface TransferPorts extends ExposurePorts {
  readonly transfers: TransferRecords;
  readonly loans: Pick<Loans, 'findLoan' | 'getLoan'>;
  readonly installments: Pick<Installments, 'installmentsOf'>;
  readonly servicing: Pick<ServicingRecords, 'servicingState' | 'holdingsOf' | 'transferLockItem'>;
  readonly listings: Pick<Listings, 'bidTotals' | 'investmentLimitItems' | 'newInvestorItems'>;
  readonly ledger: Ledger;
  readonly profiles: UserProfiles;
  readonly custody: TransferBook;
  readonly bank: Pick<CustodianBank, 'transfer' | 'instructionStatus'>;
  readonly protocol: Pick<CustodianBankProtocol, 'feeAccount'>;
  readonly policy: Pick<LendingPolicy, 'investorManagementFeeRate'> & Pick<AgreementPolicy, 'platformLegalName'> & TransferPolicyValues;
  readonly signals: Pick<OperationalSignals, 'count'>;
}

/** Settling a transfer (the bank's callback) also signs its agreement (transfer-agreements.ts). */
export interface TransferSettlementPorts extends TransferPorts {
  readonly agreements: { signTransferAgreement(purchaseId: string, at: Date): Promise<unknown> };
}

/** What offering a holding talks to: the records and the loan's figures, no bank. */
export type OfferPorts = Pick<TransferPorts, 'transfers' | 'loans' | 'installments' | 'servicing' | 'policy'>;

const idFor = (prefix: string, userId: string, idempotencyKey: string): string =>
  `${prefix}-${createHash('sha256').update(`${userId}|${idempotencyKey}`).digest('base64url').slice(0, 26)}`;

/** The loan as the transfer rules read it: its status, rate, value date and installments. */
async function loanForTransfer(ports: Pick<TransferPorts, 'installments'>, loan: LoanRecord): Promise<LoanForTransfer> {
  return {
    status: loan.status,
    annualRate: parseRate(loan.annualRate ?? '0'),
    startDate: businessDate(new Date(loan.disbursedAt ?? loan.createdAt), platformTimeZone),
    installments: await ports.installments.installmentsOf(loan.loanId),
  };
}

/** The holding's stake and what it has received: the figures a part is taken from. */
export const positionOf = (holding: HoldingRecord): HoldingPosition => ({
  stakeFen: holding.principalInvestedFen,
  receivedPrincipalFen: holding.receivedPrincipalFen ?? 0,
  receivedInterestFen: holding.receivedInterestFen ?? 0,
  receivedPenaltyFen: holding.receivedPenaltyFen ?? 0,
});

async function holdingOf(ports: Pick<TransferPorts, 'servicing'>, investorId: string, loanId: string): Promise<HoldingRecord | undefined> {
  return (await ports.servicing.holdingsOf(investorId)).find((holding) => holding.loanId === loanId && holding.principalInvestedFen > 0);
}

export interface OfferRequest {
  readonly loanId: string;
  readonly partFen: number;
  readonly priceFen: number;
}

/** The consent a transfer's party gives by their request: the transfer agreement's terms, as offered. */
function transferConsent(ports: Pick<TransferPorts, 'policy'>, offer: TransferTerms, requestId: string, channel: 'transfer-offer' | 'transfer-purchase', at: Date): PartyConsent {
  return { termsHash: transferTermsHash(offer, ports.policy.platformLegalName()), version: transferAgreementVersion, acceptedAt: at.toISOString(), requestId, channel };
}

/** `requestId`: the request that makes the offer, recorded as the seller's acceptance of the transfer agreement. */
export async function offerHolding(ports: OfferPorts, sellerId: string, request: OfferRequest, idempotencyKey: string, at: Date, requestId: string): Promise<TransferOffer> {
  const offerId = idFor('tof', sellerId, idempotencyKey);
  const existing = await ports.transfers.findOffer(offerId);
  if (existing) {
    if (existing.sellerId !== sellerId || existing.loanId !== request.loanId || existing.partFen !== request.partFen || existing.priceFen !== request.priceFen) throw new IdempotencyConflictError('This Idempotency-Key');
    return existing;
  }
  // An earlier offer of the holding that expired unbought is closed first, freeing the holding.
  for (const earlier of await ports.transfers.offersOfSeller(sellerId)) {
    if (earlier.loanId === request.loanId && offerAsOf(earlier, at).status === 'EXPIRED' && earlier.status === 'OPEN') await ports.transfers.closeOffer(earlier, 'EXPIRED', at);
  }
  const [loan, holding] = await Promise.all([ports.loans.findLoan(request.loanId), holdingOf(ports, sellerId, request.loanId)]);
  if (!loan || !holding) throw new NotFoundError(`you hold nothing in loan ${request.loanId}`);
  const policy = ports.policy.transferPolicy();
  const today = businessDate(at, platformTimeZone);
  const state = await loanForTransfer(ports, loan);
  const position = positionOf(holding);
  checkTransferable(state, { ...position, heldSince: heldSince(holding, loan) }, request.partFen, today, policy);
  const part = partOf(position, request.partFen);
  const valueFen = transferValueFen(state, part, today);
  checkPrice(request.priceFen, valueFen, policy);
  const servicing = await ports.servicing.servicingState(loan.loanId);
  const feeFen = transferFeeFen(request.priceFen, policy.feeRate);
  const offer: TransferOffer = {
    offerId,
    loanId: loan.loanId,
    sellerId,
    grade: loan.grade ?? '',
    partFen: request.partFen,
    outstandingPrincipalFen: part.outstandingPrincipalFen,
    valueFen,
    priceFen: request.priceFen,
    feeFen,
    premiumPercent: premiumPercent(request.priceFen, valueFen),
    yieldMillionths: yieldToMaturityMillionths(state, shareOfLoan(request.partFen, loan.amountFen), ports.policy.investorManagementFeeRate(), request.priceFen, today),
    remainingInstallments: state.installments.filter((installment) => installment.status !== 'SETTLED').length,
    repaymentCount: servicing.repaymentCount,
    status: 'OPEN',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + ports.policy.offerLifetimeHours() * 3_600_000).toISOString(),
    consent: transferConsent(ports, { offerId, loanId: loan.loanId, partFen: request.partFen, priceFen: request.priceFen, feeFen }, requestId, 'transfer-offer', at),
  };
  return (await ports.transfers.createOffer(offer)).offer;
}

/** When the holder came to hold it: bought (acquiredAt), or funded at disbursement. */
const heldSince = (holding: HoldingRecord, loan: LoanRecord): string => businessDate(new Date(holding.acquiredAt ?? loan.disbursedAt ?? holding.createdAt ?? loan.createdAt), platformTimeZone);

/** The offer, closed as EXPIRED first if its time has passed (expiry is lazy, on the platform's clock). */
async function currentOffer(ports: Pick<TransferPorts, 'transfers'>, offerId: string, at: Date): Promise<TransferOffer | undefined> {
  const offer = await ports.transfers.findOffer(offerId);
  if (!offer || offerAsOf(offer, at).status === offer.status) return offer;
  await ports.transfers.closeOffer(offer, 'EXPIRED', at);
  return ports.transfers.findOffer(offerId);
}

/** The offer as of `at`: an OPEN offer past its time reads as EXPIRED (and is closed when next acted on). */
export const offerAsOf = (offer: TransferOffer, at: Date): TransferOffer =>
  offer.status === 'OPEN' && Date.parse(offer.expiresAt) <= at.getTime() ? { ...offer, status: 'EXPIRED' } : offer;

/** One offer's page, as of `at`. */
export async function offerPage(ports: Pick<TransferPorts, 'transfers'>, offerId: string, at: Date): Promise<TransferOffer> {
  const offer = await ports.transfers.findOffer(offerId);
  if (!offer) throw new NotFoundError(`no offer ${offerId}`);
  return offerAsOf(offer, at);
}

export interface MarketFilter {
  readonly grade?: string;
  readonly maxRemainingMonths?: number;
  readonly minYieldMillionths?: number;
  readonly maxPriceFen?: number;
}

/** The transfer market: the open, unexpired offers that pass the filter, oldest first. */
export async function openOffers(ports: Pick<TransferPorts, 'transfers'>, at: Date, filter: MarketFilter = {}): Promise<TransferOffer[]> {
  return (await ports.transfers.openOffers()).filter(
    (offer) =>
      offerAsOf(offer, at).status === 'OPEN' &&
      (filter.grade === undefined || offer.grade === filter.grade) &&
      (filter.maxRemainingMonths === undefined || offer.remainingInstallments <= filter.maxRemainingMonths) &&
      (filter.minYieldMillionths === undefined || offer.yieldMillionths >= filter.minYieldMillionths) &&
      (filter.maxPriceFen === undefined || offer.priceFen <= filter.maxPriceFen),
  );
}

export async function cancelOffer(ports: Pick<TransferPorts, 'transfers'>, sellerId: string, offerId: string, at: Date): Promise<TransferOffer> {
  const offer = await currentOffer(ports, offerId, at);
  if (!offer || offer.sellerId !== sellerId) throw new NotFoundError(`no offer ${offerId}`);
  if (offer.status === 'CANCELLED') return offer;
  if (offer.status !== 'OPEN' || !(await ports.transfers.closeOffer(offer, 'CANCELLED', at))) {
    throw new ListingUnavailableError(`the offer is ${(await ports.transfers.findOffer(offerId))?.status.toLowerCase() ?? 'gone'}: it can no longer be cancelled`);
  }
  return (await ports.transfers.findOffer(offerId)) ?? offer;
}

/** The caller's offers and purchases, newest first. */
export async function transfersOf(ports: Pick<TransferPorts, 'transfers'>, investorId: string, at: Date): Promise<{ offers: TransferOffer[]; purchases: TransferPurchase[] }> {
  const [offers, purchases] = await Promise.all([ports.transfers.offersOfSeller(investorId), ports.transfers.purchasesOfBuyer(investorId)]);
  const newestFirst = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);
  return { offers: offers.map((offer) => offerAsOf(offer, at)).sort(newestFirst), purchases: purchases.sort(newestFirst) };
}

/** `requestId`: the request that buys, recorded as the buyer's acceptance of the transfer agreement. */
export async function buyOffer(ports: TransferPorts, buyerId: string, offerId: string, idempotencyKey: string, at: Date, requestId: string): Promise<TransferPurchase> {
  const purchaseId = idFor('tpu', buyerId, idempotencyKey);
  const existing = await ports.transfers.findPurchase(purchaseId);
  if (existing) {
    if (existing.offerId !== offerId) throw new IdempotencyConflictError('This Idempotency-Key');
    return existing;
  }
  const offer = await currentOffer(ports, offerId, at);
  if (!offer) throw new NotFoundError(`no offer ${offerId}`);
  if (offer.status !== 'OPEN') throw new ListingUnavailableError(`the offer is ${offer.status.toLowerCase()}`);
  const loan = await ports.loans.getLoan(offer.loanId);
  if (buyerId === loan.borrowerId) throw new ForbiddenError('a borrower never invests in their own loan');
  if (buyerId === offer.sellerId) throw new ForbiddenError('a seller cannot buy their own offer');
  const [profile, book, servicing, state, sellerHolding] = await Promise.all([
    ports.profiles.findUserProfile(buyerId),
    investorBidBook(ports, buyerId),
    ports.servicing.servicingState(loan.loanId),
    loanForTransfer(ports, loan),
    holdingOf(ports, offer.sellerId, loan.loanId),
  ]);
  if (servicing.inFlight || servicing.repaymentCount !== offer.repaymentCount || !sellerHolding) {
    if (servicing.repaymentCount !== offer.repaymentCount) await ports.transfers.closeOffer(offer, 'EXPIRED', at);
    throw new ListingUnavailableError('a repayment of the loan came after the offer: it has lapsed');
  }
  const policy: TransferPolicy = ports.policy.transferPolicy();
  checkTransferable(state, { ...positionOf(sellerHolding), heldSince: '0001-01-01' }, offer.partFen, businessDate(at, platformTimeZone), { ...policy, minHoldingDays: 0 });
  const assessment = assessmentInForce(profile, at);
  // The limit counts the stake bought, as a bid counts the amount bid (its received principal comes back with the holding).
  const limitFen = checkSuitability(offer.partFen, loan.grade, { investorId: buyerId, assessment, outstandingFen: investmentOutstandingFen(book) }, at);
  const [buyerSubAccount, sellerSubAccount] = await Promise.all([subAccountOf(ports, buyerId), subAccountOf(ports, offer.sellerId)]);
  const purchase: TransferPurchase = {
    purchaseId,
    offerId,
    loanId: loan.loanId,
    sellerId: offer.sellerId,
    buyerId,
    partFen: offer.partFen,
    priceFen: offer.priceFen,
    feeFen: offer.feeFen,
    legs: transferLegs(buyerSubAccount, sellerSubAccount, offer.sellerId, ports.protocol.feeAccount, offer.priceFen, offer.feeFen),
    status: 'PENDING',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    consent: transferConsent(ports, offer, requestId, 'transfer-purchase', at),
  };
  await ports.ledger.recordEntry(transferFreezeEntry(purchaseId, loan.loanId, buyerId, offer.priceFen), at, {
    alsoWrite: [
      ...ports.transfers.purchaseItems(offer, purchase, at),
      ...ports.listings.investmentLimitItems(buyerId, offer.partFen, investmentCap(profile!, assessment!, book, limitFen)),
      ...(await ports.listings.newInvestorItems(loan.loanId, buyerId)),
      ports.servicing.transferLockItem(loan.loanId, offer.repaymentCount, purchaseId, () => new InFlightError(`a repayment of loan ${loan.loanId} is with the bank: buy once it is confirmed`)),
    ],
  });
  return send(ports, purchase, at);
}

async function send(ports: TransferPorts, purchase: TransferPurchase, at: Date): Promise<TransferPurchase> {
  const outcome = await ports.bank.transfer({ instructionId: transferInstructionId(purchase.purchaseId), purpose: 'OTHER', legs: purchase.legs.map(({ from, to, amountFen }) => ({ from, to, amountFen })) });
  if (!outcome.accepted) await failPurchase(ports, purchase, outcome.code, at);
  return (await ports.transfers.findPurchase(purchase.purchaseId)) ?? purchase;
}

async function failPurchase(ports: TransferPorts, purchase: TransferPurchase, reason: string, at: Date): Promise<void> {
  await ports.ledger.recordEntry(transferVoidEntry(purchase.purchaseId), at);
  await ports.transfers.failPurchase(purchase, reason, at);
}

/**
 * The settlement timeout: each purchase still PENDING `settlementTimeoutMinutes` after it was
 * made is resolved by asking the bank for its instruction (the status query), exactly as its
 * callback would have resolved it: executed → settled, dated when the bank executed it (the
 * callback was lost; if it comes after all, it finds the purchase settled); refused, or never
 * received by the bank → voided (the freeze released, the offer OPEN again, nothing else
 * changed); still processing at the bank → left for the next run (money the bank may still
 * move is never released).
 */
export async function resolveTimedOutPurchases(ports: TransferSettlementPorts, at: Date): Promise<{ settled: number; voided: number; waiting: number }> {
  const counts = { settled: 0, voided: 0, waiting: 0 };
  const madeBefore = new Date(at.getTime() - ports.policy.settlementTimeoutMinutes() * 60_000);
  for (const purchase of await ports.transfers.pendingPurchasesBefore(madeBefore)) {
    const instructionId = transferInstructionId(purchase.purchaseId);
    const state = await ports.bank.instructionStatus(instructionId);
    if (state?.status === 'PROCESSING') {
      counts.waiting += 1;
      continue;
    }
    const succeeded = state?.status === 'SUCCEEDED';
    const event: CallbackEvent = {
      eventId: `status-query:${instructionId}`,
      type: succeeded ? 'transfer.succeeded' : 'transfer.failed',
      occurredAt: state?.executedAt ?? at.toISOString(),
      instructionId,
      reason: state === undefined ? 'UNKNOWN_AT_BANK' : (state.reason ?? 'SETTLEMENT_TIMEOUT'),
    };
    await completeTransfer(ports, event, at);
    counts[succeeded ? 'settled' : 'voided'] += 1;
  }
  return counts;
}

/**
 * A transfer callback: settles the purchase (the holding changes owner) or voids its freeze.
 * Once settled, the transfer agreement is generated and signed with both parties' consents; a
 * redelivered callback finds everything before it done and signs (or finds) the agreement again.
 */
export async function completeTransfer(ports: TransferSettlementPorts, event: CallbackEvent, at: Date): Promise<string> {
  const purchaseId = purchaseOfInstruction(event.instructionId);
  const purchase = purchaseId && (await ports.transfers.findPurchase(purchaseId));
  if (!purchase) throw new DomainError('unprocessable', `No transfer ${event.instructionId} is known to the platform`);
  if (event.type === 'transfer.failed') {
    if (purchase.status === 'SETTLED') throw new DomainError('unprocessable', `transfer ${event.instructionId} was already settled`);
    await failPurchase(ports, purchase, event.reason ?? 'FAILED_AT_BANK', at);
    return 'transfer-failed';
  }
  if (purchase.status === 'FAILED') throw new DomainError('unprocessable', `transfer ${event.instructionId} had failed`);
  await ports.ledger.recordEntry(transferSettlementEntry(purchase.purchaseId, purchase.loanId, purchase.sellerId, purchase.priceFen, purchase.feeFen), at);
  if (purchase.status === 'PENDING') {
    // The lock kept repayments away since the purchase: the seller's holding is as it was.
    const [seller, loan] = await Promise.all([holdingOf(ports, purchase.sellerId, purchase.loanId), ports.loans.getLoan(purchase.loanId)]);
    if (!seller) throw new Error(`purchase ${purchase.purchaseId}: the seller's holding is gone`);
    const part = partOf(positionOf(seller), purchase.partFen);
    // The value at the sale (the bank's execution date): what the transfer gains are measured against (core/portfolio).
    const valueFen = transferValueFen(await loanForTransfer(ports, loan), part, businessDate(new Date(event.occurredAt), platformTimeZone));
    if (await ports.transfers.settlePurchase(purchase, part, valueFen, at)) {
      ports.signals.count('TransfersSettled', 1);
      ports.signals.count('TransfersSettledFen', purchase.priceFen);
    }
  }
  await ports.custody.recordTransferBook({
    instructionId: event.instructionId,
    purpose: 'debt-transfer',
    loanId: purchase.loanId,
    businessDate: businessDate(new Date(event.occurredAt), platformTimeZone),
    occurredAt: event.occurredAt,
    legs: purchase.legs.map((leg) => ({ fromSubAccount: leg.from, fromUserId: purchase.buyerId, toSubAccount: leg.to, toUserId: leg.toUserId, amountFen: leg.amountFen })),
  });
  await ports.agreements.signTransferAgreement(purchase.purchaseId, at);
  return 'transfer-settled';
}
