/**
 * Debt transfer (债权转让), pure: an investor sells all of a holding, or a part of it in
 * whole steps, to another investor before maturity.
 *
 * A holding is measured in stake: the principal its owner funded (or bought). Every
 * repayment is split pro rata to stakes (investor-split.ts, servicing.ts distribute), so a
 * part of a holding is a part of its stake, and with it the same part of what the holding
 * has received so far (rounded down to the fen, the seller keeping the remainder): that is
 * what keeps the cumulative split exact after a transfer.
 *
 * - Eligibility: the loan is REPAYING with nothing overdue, the holding was held at least
 *   `minHoldingDays`, the next due date is more than `blackoutDays` away, the part
 *   is a positive whole number of `stepFen` steps no larger than the holding.
 * - Value: the part's outstanding principal plus the interest accrued on it since the last
 *   due date (or the value date), actual/365, rounded half-up to the fen once.
 * - Price: between value × `minPriceRatio` and value × `maxPriceRatio` (each rounded half-up).
 * - Fee: price × `feeRate`, rounded half-up once, paid by the seller out of the price.
 * - Yield to maturity: the buyer's annual yield if the loan pays as scheduled (yieldToMaturity).
 * - Ledger: the buyer's price frozen (a pending transfer into the loan's transfer clearing
 *   account), then posted: the seller gets price − fee, fee income the fee; or voided.
 */
import { accruedInterest, daysBetween } from './day-count';
import { DomainError, InvalidRequestError } from './errors';
import { accounts, type JournalEntry } from './ledger';
import { applyRatio, fen, formatYuan, toFen } from './money';
import { ratio, roundHalfUp, type Ratio } from './rational';
import type { ServicedInstallment } from './servicing';

export interface TransferPolicy {
  readonly minHoldingDays: number;
  /** No offer and no purchase when the next due date is this many days away or fewer (3: not on the 3 days before it, nor on it). */
  readonly blackoutDays: number;
  readonly stepFen: number;
  readonly minPriceRatio: Ratio;
  readonly maxPriceRatio: Ratio;
  readonly feeRate: Ratio;
}

/** An offer the rules refuse (not performing, too early, too close to a due date, off the step, off the price bounds): 422. */
export class TransferRefusedError extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

/** What the holding has received so far, by component, and its stake. */
export interface HoldingPosition {
  readonly stakeFen: number;
  readonly receivedPrincipalFen: number;
  readonly receivedInterestFen: number;
  readonly receivedPenaltyFen: number;
}

/** The part of a holding that moves: its stake, what it carries of the received figures, and its outstanding principal. */
export interface TransferPart extends HoldingPosition {
  readonly outstandingPrincipalFen: number;
}

export interface LoanForTransfer {
  readonly status: string;
  readonly annualRate: Ratio;
  /** The value date (disbursement business date), YYYY-MM-DD. */
  readonly startDate: string;
  readonly installments: readonly ServicedInstallment[];
}

/** `part` of `holding`'s stake, with the same share of what it received (rounded down; the seller keeps the rest). */
export function partOf(holding: HoldingPosition, partFen: number): TransferPart {
  if (!Number.isSafeInteger(partFen) || partFen <= 0 || partFen > holding.stakeFen) throw new RangeError(`a part of a holding is 1 to ${holding.stakeFen} fen of stake`);
  const share = (value: number): number => Number((BigInt(value) * BigInt(partFen)) / BigInt(holding.stakeFen));
  const receivedPrincipalFen = share(holding.receivedPrincipalFen);
  return {
    stakeFen: partFen,
    receivedPrincipalFen,
    receivedInterestFen: share(holding.receivedInterestFen),
    receivedPenaltyFen: share(holding.receivedPenaltyFen),
    outstandingPrincipalFen: partFen - receivedPrincipalFen,
  };
}

/**
 * What the part takes of the seller's expected figures (what the schedule will pay the holding):
 * the part's stake of the expected principal, and the same share of the expected interest,
 * rounded down (the seller keeps the remainder).
 */
export function expectedOfPart(expected: { readonly principalFen: number; readonly interestFen: number }, stakeFen: number, partFen: number): { principalFen: number; interestFen: number } {
  const share = (value: number): number => Number((BigInt(value) * BigInt(partFen)) / BigInt(stakeFen));
  return { principalFen: share(expected.principalFen), interestFen: share(expected.interestFen) };
}

/** The next unsettled installment's due date, or undefined when none is left. */
export const nextDueDate = (installments: readonly ServicedInstallment[]): string | undefined =>
  installments.filter((installment) => installment.status !== 'SETTLED').sort((a, b) => a.number - b.number)[0]?.dueDate;

/** The latest due date on or before `today`, or the value date. */
export const lastDueDate = (loan: Pick<LoanForTransfer, 'installments' | 'startDate'>, today: string): string =>
  loan.installments.map((installment) => installment.dueDate).filter((date) => date <= today).sort().at(-1) ?? loan.startDate;

/**
 * Throws TransferRefusedError for the first rule an offer (or a purchase, re-checked on
 * the day it is bought) breaks.
 */
export function checkTransferable(loan: LoanForTransfer, holding: HoldingPosition & { readonly heldSince: string }, partFen: number, today: string, policy: TransferPolicy): void {
  if (!Number.isSafeInteger(partFen) || partFen <= 0) throw new InvalidRequestError('a part of a holding is a positive amount');
  if (partFen % policy.stepFen !== 0) throw new TransferRefusedError(`a holding is offered in steps of ${yuan(policy.stepFen)} yuan`);
  if (partFen > holding.stakeFen) throw new TransferRefusedError(`the holding is ${yuan(holding.stakeFen)} yuan`);
  if (loan.status !== 'REPAYING') throw new TransferRefusedError(`only a performing loan's holding can be sold; the loan is ${loan.status.toLowerCase()}`);
  if (loan.installments.some((installment) => installment.status === 'OVERDUE' || (installment.status !== 'SETTLED' && installment.dueDate < today))) {
    throw new TransferRefusedError('the loan has an overdue installment');
  }
  if (daysBetween(holding.heldSince, today) < policy.minHoldingDays) throw new TransferRefusedError(`a holding can be sold once held ${policy.minHoldingDays} days`);
  const due = nextDueDate(loan.installments);
  if (!due) throw new TransferRefusedError('nothing is left to repay');
  if (daysBetween(today, due) <= policy.blackoutDays) throw new TransferRefusedError(`no transfer within ${policy.blackoutDays} days before a due date (${due})`);
  if (partOf(holding, partFen).outstandingPrincipalFen <= 0) throw new TransferRefusedError('the part has no principal left');
}

/** Outstanding principal plus interest accrued since the last due date, actual/365, in fen. */
export function transferValueFen(loan: Pick<LoanForTransfer, 'annualRate' | 'installments' | 'startDate'>, part: Pick<TransferPart, 'outstandingPrincipalFen'>, today: string): number {
  const days = Math.max(0, daysBetween(lastDueDate(loan, today), today));
  return part.outstandingPrincipalFen + toFen(accruedInterest(fen(part.outstandingPrincipalFen), loan.annualRate, days));
}

export interface PriceBounds {
  readonly minFen: number;
  readonly maxFen: number;
}

export const priceBounds = (valueFen: number, policy: Pick<TransferPolicy, 'minPriceRatio' | 'maxPriceRatio'>): PriceBounds => ({
  minFen: toFen(applyRatio(fen(valueFen), policy.minPriceRatio)),
  maxFen: toFen(applyRatio(fen(valueFen), policy.maxPriceRatio)),
});

export function checkPrice(priceFen: number, valueFen: number, policy: Pick<TransferPolicy, 'minPriceRatio' | 'maxPriceRatio'>): void {
  const { minFen, maxFen } = priceBounds(valueFen, policy);
  if (!Number.isSafeInteger(priceFen) || priceFen < minFen || priceFen > maxFen) {
    throw new TransferRefusedError(`the price must lie between ${yuan(minFen)} and ${yuan(maxFen)} yuan (value ${yuan(valueFen)})`);
  }
}

export const transferFeeFen = (priceFen: number, feeRate: Ratio): number => toFen(applyRatio(fen(priceFen), feeRate));

/** Price − value as a percentage of the value with two decimals, rounded half away from zero ("-3.50": a 3.5% discount). */
export function premiumPercent(priceFen: number, valueFen: number): string {
  const hundredths = roundHalfUp(ratio(BigInt(priceFen - valueFen) * 10_000n, BigInt(valueFen)));
  const magnitude = hundredths < 0n ? -hundredths : hundredths;
  return `${hundredths < 0n ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}

/**
 * The buyer's yield to maturity: the annual rate y, compounded monthly (y/12 a period, as
 * the schedule's interest), that discounts the part's remaining scheduled cash flows
 * (its share of each unsettled installment's principal and interest, the management fee
 * taken off the interest) to the price; the stub to the next due date is discounted
 * linearly: 1 + (y/12) × (days to it / days in its period).
 *
 * Exact: no float; the answer is the largest y in millionths with PV(y) ≥ price, found by
 * bisection on bigints, so the true yield lies in [y, y + 0.000001). Returned in millionths
 * (120000 = 12%); between −100% and 1000%.
 */
export function yieldToMaturityMillionths(
  loan: Pick<LoanForTransfer, 'installments' | 'startDate'>,
  share: Ratio,
  managementFeeRate: Ratio,
  priceFen: number,
  today: string,
): number {
  const remaining = loan.installments.filter((installment) => installment.status !== 'SETTLED').sort((a, b) => a.number - b.number);
  const first = remaining[0];
  if (!first || priceFen <= 0) throw new RangeError('a yield needs a positive price and cash flows to come');
  const keep = ratio(managementFeeRate.denominator - managementFeeRate.numerator, managementFeeRate.denominator);
  // Flows scaled to integers by the common denominator q.
  const q = share.denominator * keep.denominator;
  const flows = remaining.map((installment) => {
    const principal = BigInt(installment.principalFen - (installment.paidPrincipalFen ?? 0));
    const interest = BigInt(installment.interestFen - (installment.paidInterestFen ?? 0));
    return share.numerator * (principal * keep.denominator + interest * keep.numerator);
  });
  const periodStart = loan.installments.filter((installment) => installment.number < first.number).map((installment) => installment.dueDate).sort().at(-1) ?? loan.startDate;
  const periodDays = BigInt(Math.max(1, daysBetween(periodStart, first.dueDate)));
  const stubDays = BigInt(Math.max(0, daysBetween(today, first.dueDate)));
  const millionths = 1_000_000n;
  const a = 12n * millionths;
  const price = BigInt(priceFen);
  /** PV(m/10^6) ≥ price, multiplied out: Σ F_k a^(k−1) b^(n−k) × a·P ≥ price × q × (a·P + m·s) × b^(n−1), b = a + m. */
  const worthAtLeastPrice = (m: bigint): boolean => {
    const b = a + m;
    let sum = 0n;
    let aPower = 1n;
    for (const flow of flows) {
      sum = sum * b + flow * aPower;
      aPower *= a;
    }
    return sum * a * periodDays >= price * q * (a * periodDays + m * stubDays) * b ** BigInt(flows.length - 1);
  };
  let low = -millionths + 1n;
  let high = 10n * millionths;
  if (!worthAtLeastPrice(low)) return Number(low);
  if (worthAtLeastPrice(high)) return Number(high);
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if (worthAtLeastPrice(middle)) low = middle;
    else high = middle;
  }
  return Number(low);
}

/** 123456 millionths → "12.34" (percent, two decimals, rounded toward −∞). */
export function formatYieldPercent(millionths: number): string {
  const hundredths = Math.floor(millionths / 100);
  const sign = hundredths < 0 ? '-' : '';
  const magnitude = Math.abs(hundredths);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** The part's share of the loan: its stake over the loan's amount. */
export const shareOfLoan = (partFen: number, loanAmountFen: number): Ratio => ratio(BigInt(partFen), BigInt(loanAmountFen));

// Ids and the ledger.

/** A purchase id: `tpu-` and 26 base64url characters (application/debt-transfer derives it from the buyer and the request's key). */
const instructionPattern = /^xfer-(tpu-[A-Za-z0-9_-]{26})$/;
export const transferInstructionId = (purchaseId: string): string => `xfer-${purchaseId}`;
/** The purchase of a transfer instruction id, or undefined for any other instruction. */
export const purchaseOfInstruction = (instructionId: string): string | undefined => instructionPattern.exec(instructionId)?.[1];

/** A loan's transfer clearing account: the buyer's price waits here until the bank settles. */
export const transferClearing = (loanId: string): string => `loan:${loanId}:transfer`;

export function transferFreezeEntry(purchaseId: string, loanId: string, buyerId: string, priceFen: number): JournalEntry {
  return {
    id: `xfer-freeze:${purchaseId}`,
    kind: 'transfer-freeze',
    transfers: [{ kind: 'pending', id: `${purchaseId}:hold`, debit: accounts.custody(buyerId), credit: transferClearing(loanId), amountFen: priceFen }],
  };
}

export function transferVoidEntry(purchaseId: string): JournalEntry {
  return { id: `xfer-void:${purchaseId}`, kind: 'transfer-void', transfers: [{ kind: 'void-pending', id: `${purchaseId}:void`, pendingId: `${purchaseId}:hold` }] };
}

/** The bank confirmed: the freeze posted, the seller paid price − fee, the fee to fee income. */
export function transferSettlementEntry(purchaseId: string, loanId: string, sellerId: string, priceFen: number, feeFen: number): JournalEntry {
  const clearing = transferClearing(loanId);
  const toSeller = priceFen - feeFen;
  return {
    id: `xfer-settle:${purchaseId}`,
    kind: 'transfer',
    transfers: [
      { kind: 'post-pending', id: `${purchaseId}:post`, pendingId: `${purchaseId}:hold` },
      ...(toSeller > 0 ? [{ kind: 'posted' as const, id: `${purchaseId}:to-seller`, debit: clearing, credit: accounts.custody(sellerId), amountFen: toSeller }] : []),
      ...(feeFen > 0 ? [{ kind: 'posted' as const, id: `${purchaseId}:fee`, debit: clearing, credit: accounts.feeIncome, amountFen: feeFen }] : []),
    ],
  };
}

/** The instruction's legs: buyer → seller (price − fee), buyer → the platform's fee account (fee). */
export function transferLegs(buyerSubAccount: string, sellerSubAccount: string, sellerId: string, feeAccount: string, priceFen: number, feeFen: number) {
  return [
    ...(priceFen - feeFen > 0 ? [{ from: buyerSubAccount, to: sellerSubAccount, amountFen: priceFen - feeFen, toUserId: sellerId }] : []),
    ...(feeFen > 0 ? [{ from: buyerSubAccount, to: feeAccount, amountFen: feeFen, toUserId: 'platform' }] : []),
  ];
}

/** Moves a settled part between two positions: the seller's less the part, the buyer's plus it. */
export function movePart<T extends HoldingPosition>(position: T, part: HoldingPosition, direction: 1 | -1): HoldingPosition {
  return {
    stakeFen: position.stakeFen + direction * part.stakeFen,
    receivedPrincipalFen: position.receivedPrincipalFen + direction * part.receivedPrincipalFen,
    receivedInterestFen: position.receivedInterestFen + direction * part.receivedInterestFen,
    receivedPenaltyFen: position.receivedPenaltyFen + direction * part.receivedPenaltyFen,
  };
}

const yuan = (fenAmount: number): string => formatYuan(fen(fenAmount));
