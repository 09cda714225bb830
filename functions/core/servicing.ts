/**
 * Loan servicing (贷后还款), pure: what a repayment pays, how it is distributed to the
 * loan's investors, and the ledger entries and bank legs that move it. Ids derive from
 * the loan id and the repayment's number, so a retried step records and sends the same.
 *
 * - What is due now: every unsettled installment whose due date is on or before today,
 *   its outstanding penalty, interest and principal. A DUE repayment pays it (or a part
 *   of it), allocated penalty → interest → principal, oldest installment first
 *   (./repayment-allocation.ts). An EARLY_SETTLEMENT pays what is due now plus the early
 *   settlement quote (./early-repayment.ts: remaining principal + interest accrued to
 *   today, no penalty): the accrued interest goes to the first future installment, the
 *   remaining principal to each future installment, and every installment settles.
 * - Distribution: principal, interest and penalty are each split pro rata to the
 *   investors' stakes in exact fen (./investor-split.ts, largest remainder); each
 *   investor's management fee is taken from the interest and penalty they receive
 *   (./fees.ts). Σ net + Σ fees = the repayment, exactly.
 * - Ledger: a pending transfer custody(borrower) → the loan's repayment clearing account
 *   reserves the money before the bank is asked (it cannot be spent twice); once the
 *   bank confirms, it is posted and the clearing account pays each investor's custody
 *   account and the platform's fee income (with the fee's risk-reserve provision), in
 *   entries of at most maxTransfersPerEntry transfers. A declined transfer voids it.
 * - Bank: ONE transfer instruction `rpay-{loanId}-{n}`: borrower → each investor (net),
 *   borrower → the platform's fee account (the fees), ≤ 200 legs.
 */
import { allocateRepayment } from './repayment-allocation';
import { quoteEarlyRepayment } from './early-repayment';
import { DomainError, InvalidRequestError } from './errors';
import { investorManagementFee, type FeeRate } from './fees';
import { splitProRata } from './investor-split';
import { accounts, maxTransfersPerEntry, type JournalEntry, type Transfer } from './ledger';
import { fen, toFen } from './money';
import type { Ratio } from './rational';
import type { RepaymentSchedule } from './repayment-schedule';
import { reserveProvision } from './risk-reserve';

/** The bank allows this many legs in one transfer instruction. */
export const maxLegsPerRepayment = 200;

export const repaymentKinds = ['DUE', 'EARLY_SETTLEMENT'] as const;
export type RepaymentKind = (typeof repaymentKinds)[number];

/** An installment as servicing sees it (fen; absent paid/penalty fields are 0). */
export interface ServicedInstallment {
  readonly number: number;
  readonly dueDate: string;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly status: 'DUE' | 'OVERDUE' | 'SETTLED';
  readonly penaltyFen?: number;
  readonly paidPrincipalFen?: number;
  readonly paidInterestFen?: number;
  readonly paidPenaltyFen?: number;
}

export interface Outstanding {
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
}

export function outstandingOf(installment: ServicedInstallment): Outstanding {
  return {
    principalFen: Math.max(0, installment.principalFen - (installment.paidPrincipalFen ?? 0)),
    interestFen: Math.max(0, installment.interestFen - (installment.paidInterestFen ?? 0)),
    penaltyFen: Math.max(0, (installment.penaltyFen ?? 0) - (installment.paidPenaltyFen ?? 0)),
  };
}

const owed = (outstanding: Outstanding) => outstanding.principalFen + outstanding.interestFen + outstanding.penaltyFen;

/** Unsettled installments due on or before `today` (YYYY-MM-DD), oldest first. */
export function dueNow(installments: readonly ServicedInstallment[], today: string): ServicedInstallment[] {
  return installments.filter((installment) => installment.status !== 'SETTLED' && installment.dueDate <= today).sort((a, b) => a.number - b.number);
}

/** Everything due now (overdue and today's), penalty included, in fen. */
export function amountDueNowFen(installments: readonly ServicedInstallment[], today: string): number {
  return dueNow(installments, today).reduce((sum, installment) => sum + owed(outstandingOf(installment)), 0);
}

/** What one repayment pays on one installment; `settles`: the installment is fully paid by it. */
export interface InstallmentPayment {
  readonly number: number;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  readonly settles: boolean;
  /** Settled by early settlement: its remaining scheduled interest is not owed. */
  readonly early?: boolean;
}

export interface RepaymentPlan {
  readonly kind: RepaymentKind;
  readonly amountFen: number;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  /** Only installments the repayment pays something on, oldest first. */
  readonly installments: readonly InstallmentPayment[];
  /** Every unsettled installment settles with this repayment. */
  readonly settlesLoan: boolean;
}

/** Nothing is due (or nothing remains): a 409. */
export class NothingDueError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

function totals(kind: RepaymentKind, payments: InstallmentPayment[], settlesLoan: boolean): RepaymentPlan {
  const paying = payments.filter((payment) => payment.principalFen + payment.interestFen + payment.penaltyFen > 0 || payment.settles);
  const principalFen = paying.reduce((sum, payment) => sum + payment.principalFen, 0);
  const interestFen = paying.reduce((sum, payment) => sum + payment.interestFen, 0);
  const penaltyFen = paying.reduce((sum, payment) => sum + payment.penaltyFen, 0);
  return { kind, amountFen: principalFen + interestFen + penaltyFen, principalFen, interestFen, penaltyFen, installments: paying, settlesLoan };
}

function allocateDue(due: readonly ServicedInstallment[], amountFen: number): InstallmentPayment[] {
  const allocation = allocateRepayment(
    fen(amountFen),
    due.map((installment) => {
      const outstanding = outstandingOf(installment);
      return { number: installment.number, penalty: fen(outstanding.penaltyFen), interest: fen(outstanding.interestFen), principal: fen(outstanding.principalFen) };
    }),
  );
  return allocation.installments.map((part) => ({
    number: part.number,
    principalFen: toFen(part.principal),
    interestFen: toFen(part.interest),
    penaltyFen: toFen(part.penalty),
    settles: part.settled,
  }));
}

/**
 * Pays what is due now, or `amountFen` of it (a partial payment). Refuses when nothing
 * is due, or an amount above what is due (use EARLY_SETTLEMENT to pay ahead).
 */
export function planDueRepayment(installments: readonly ServicedInstallment[], today: string, amountFen?: number): RepaymentPlan {
  const due = dueNow(installments, today);
  const dueFen = due.reduce((sum, installment) => sum + owed(outstandingOf(installment)), 0);
  if (dueFen === 0) throw new NothingDueError(`nothing is due on ${today}`);
  const paying = amountFen ?? dueFen;
  if (!Number.isSafeInteger(paying) || paying <= 0) throw new InvalidRequestError('a repayment is a positive amount');
  if (paying > dueFen) throw new DomainError('unprocessable', `only ${dueFen} fen are due now; pay ahead with an early settlement`);
  const payments = allocateDue(due, paying);
  const unsettled = installments.filter((installment) => installment.status !== 'SETTLED');
  const settlesLoan = unsettled.every((installment) => payments.some((payment) => payment.number === installment.number && payment.settles));
  return totals('DUE', payments, settlesLoan);
}

/** Pays the whole loan: what is due now, then the early settlement quote (no penalty on the future part). */
export function planEarlySettlement(installments: readonly ServicedInstallment[], schedule: RepaymentSchedule, today: string): RepaymentPlan {
  const unsettled = installments.filter((installment) => installment.status !== 'SETTLED');
  if (unsettled.length === 0) throw new NothingDueError('the loan is settled');
  const due = dueNow(installments, today);
  const duePayments = allocateDue(due, due.reduce((sum, installment) => sum + owed(outstandingOf(installment)), 0));
  const future = unsettled.filter((installment) => installment.dueDate > today).sort((a, b) => a.number - b.number);
  const quote = quoteEarlyRepayment(schedule, today);
  const accruedFen = future.length > 0 ? toFen(quote.accruedInterest) : 0;
  const futurePayments: InstallmentPayment[] = future.map((installment, index) => ({
    number: installment.number,
    principalFen: outstandingOf(installment).principalFen,
    // The quote's accrued interest, in full (actual/365 may exceed the period's scheduled interest by a little).
    interestFen: index === 0 ? accruedFen : 0,
    penaltyFen: 0,
    settles: true,
    early: true,
  }));
  return totals('EARLY_SETTLEMENT', [...duePayments, ...futurePayments], true);
}

/** An investor's stake in the loan: the principal their bids funded. */
export interface Stake {
  readonly investorId: string;
  readonly principalFen: number;
}

export interface InvestorDistribution {
  readonly investorId: string;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  /** The management fee on the interest and penalty received. */
  readonly feeFen: number;
  /** What reaches the investor's custody account: principal + interest + penalty − fee. */
  readonly netFen: number;
}

/** Stakes of the same investor summed, in investor-id order (a stable split). */
export function stakesByInvestor(bids: ReadonlyArray<{ readonly investorId: string; readonly amountFen: number }>): Stake[] {
  const byInvestor = new Map<string, number>();
  for (const bid of bids) byInvestor.set(bid.investorId, (byInvestor.get(bid.investorId) ?? 0) + bid.amountFen);
  return [...byInvestor].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([investorId, principalFen]) => ({ investorId, principalFen }));
}

const split = (amountFen: number, stakes: readonly Stake[]): number[] =>
  splitProRata(
    fen(amountFen),
    stakes.map((stake) => ({ id: stake.investorId, principal: fen(stake.principalFen) })),
  ).map((share) => toFen(share.amount));

/** What an investor has received so far from the loan, by component. */
export interface Received {
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
}

/**
 * Splits `amountFen` so that every investor's cumulative total (`received` + share)
 * stays within one fen of their exact pro-rata quota of everything paid so far, with no
 * share negative (a quota method: each investor first gets up to the floor of their new
 * quota, the fen left go to the largest fractional remainders, never below what they
 * hold). So when the cumulative total is the loan's whole principal, each investor holds
 * exactly their stake. Falls back to splitting the amount on its own if the history does
 * not allow it (received figures from another method).
 */
function cumulativeSplit(amountFen: number, received: readonly number[], stakes: readonly Stake[]): number[] {
  const weights = stakes.map((stake) => BigInt(stake.principalFen));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0n);
  const after = BigInt(received.reduce((sum, value) => sum + value, 0) + amountFen);
  if (totalWeight === 0n) return split(amountFen, stakes);
  const floors = weights.map((weight) => (after * weight) / totalWeight);
  const remainders = weights.map((weight) => (after * weight) % totalWeight);
  const targets = floors.map((floor, index) => {
    const had = BigInt(received[index] ?? 0);
    return had > floor ? had : floor;
  });
  let left = after - targets.reduce((sum, value) => sum + value, 0n);
  const eligible = stakes
    .map((_, index) => index)
    .filter((index) => targets[index] === floors[index] && (remainders[index] ?? 0n) > 0n)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : rb > ra ? 1 : -1;
    });
  if (left < 0n || left > BigInt(eligible.length)) return split(amountFen, stakes);
  for (const index of eligible) {
    if (left === 0n) break;
    targets[index] = (targets[index] ?? 0n) + 1n;
    left -= 1n;
  }
  const shares = targets.map((target, index) => Number(target) - (received[index] ?? 0));
  return shares.every((share) => share >= 0) ? shares : split(amountFen, stakes);
}

/**
 * Each component split pro rata to the stakes, cumulatively over the loan's repayments
 * (see cumulativeSplit): each repayment's shares sum to it exactly, and over the loan each
 * investor receives their pro-rata share of the totals, all of their principal back to
 * the fen. `received`: what each investor has received so far (absent: nothing). Each
 * investor's fee is taken from the interest and penalty of this repayment.
 */
export function distribute(
  paid: Pick<RepaymentPlan, 'principalFen' | 'interestFen' | 'penaltyFen'>,
  stakes: readonly Stake[],
  managementFeeRate: FeeRate,
  received: ReadonlyMap<string, Received> = new Map(),
): InvestorDistribution[] {
  if (stakes.length === 0) throw new RangeError('a repayment needs the loan’s investors');
  const had = (part: keyof Received) => stakes.map((stake) => received.get(stake.investorId)?.[part] ?? 0);
  const principal = cumulativeSplit(paid.principalFen, had('principalFen'), stakes);
  const interest = cumulativeSplit(paid.interestFen, had('interestFen'), stakes);
  const penalty = cumulativeSplit(paid.penaltyFen, had('penaltyFen'), stakes);
  return stakes.map((stake, index) => {
    const principalFen = principal[index] ?? 0;
    const interestFen = interest[index] ?? 0;
    const penaltyFen = penalty[index] ?? 0;
    const feeFen = toFen(investorManagementFee(fen(interestFen + penaltyFen), managementFeeRate));
    return { investorId: stake.investorId, principalFen, interestFen, penaltyFen, feeFen, netFen: principalFen + interestFen + penaltyFen - feeFen };
  });
}

/** Adds a repayment's distribution to what each investor has received. */
export function addReceived(received: Map<string, Received>, distribution: readonly InvestorDistribution[]): Map<string, Received> {
  for (const share of distribution) {
    const had = received.get(share.investorId) ?? { principalFen: 0, interestFen: 0, penaltyFen: 0 };
    received.set(share.investorId, { principalFen: had.principalFen + share.principalFen, interestFen: had.interestFen + share.interestFen, penaltyFen: had.penaltyFen + share.penaltyFen });
  }
  return received;
}

/** What each investor expects over the whole schedule: their pro-rata share of its principal (their stake) and of its interest. */
export function expectedShares(
  installments: ReadonlyArray<Pick<ServicedInstallment, 'principalFen' | 'interestFen'>>,
  stakes: readonly Stake[],
): Array<{ investorId: string; principalFen: number; interestFen: number }> {
  const principal = split(installments.reduce((sum, installment) => sum + installment.principalFen, 0), stakes);
  const interest = split(installments.reduce((sum, installment) => sum + installment.interestFen, 0), stakes);
  return stakes.map((stake, index) => ({ investorId: stake.investorId, principalFen: principal[index] ?? 0, interestFen: interest[index] ?? 0 }));
}

// Ids and the ledger.

const repaymentPrefix = 'rpay-';
export const repaymentId = (loanId: string, number: number): string => `${repaymentPrefix}${loanId}-${number}`;
/** The loan and number of a repayment instruction id, or undefined for any other instruction. */
export function parseRepaymentId(instructionId: string): { loanId: string; number: number } | undefined {
  const match = /^rpay-(.+)-(\d{1,6})$/.exec(instructionId);
  if (!match?.[1] || !match[2]) return undefined;
  return { loanId: match[1], number: Number(match[2]) };
}

/** The loan's repayment clearing account: reserved repayments arrive here and leave to investors and fees. */
export const repaymentClearing = (loanId: string): string => `loan:${loanId}:repayment`;

/** Reserves the repayment from the borrower's available custody balance (a pending transfer). */
export function reservationEntry(id: string, loanId: string, borrowerId: string, amountFen: number): JournalEntry {
  return {
    id: `rpay-hold:${id}`,
    kind: 'repayment-hold',
    transfers: [{ kind: 'pending', id: `${id}:hold`, debit: accounts.custody(borrowerId), credit: repaymentClearing(loanId), amountFen }],
  };
}

/** The bank declined the transfer: the reservation is voided, the money available again. */
export function reservationVoidEntry(id: string): JournalEntry {
  return { id: `rpay-void:${id}`, kind: 'repayment-void', transfers: [{ kind: 'void-pending', id: `${id}:void`, pendingId: `${id}:hold` }] };
}

/**
 * After the bank confirmed: the reservation posted, the clearing account paying each
 * investor (net) and fee income (the fees, with the reserve provision); pages of at
 * most maxTransfersPerEntry transfers, `rpay-dist:{id}:{page}`.
 */
export function distributionEntries(id: string, loanId: string, distribution: readonly InvestorDistribution[], reserveShare: Ratio, reserveRecoveryFen = 0): JournalEntry[] {
  const clearing = repaymentClearing(loanId);
  const transfers: Transfer[] = [{ kind: 'post-pending', id: `${id}:post`, pendingId: `${id}:hold` }];
  for (const share of distribution) {
    if (share.netFen > 0) transfers.push({ kind: 'posted', id: `${id}:to:${share.investorId}`, debit: clearing, credit: accounts.custody(share.investorId), amountFen: share.netFen });
  }
  const feeFen = distribution.reduce((sum, share) => sum + share.feeFen, 0);
  if (feeFen > 0) {
    const feeId = `${id}:fee`;
    transfers.push({ kind: 'posted', id: feeId, debit: clearing, credit: accounts.feeIncome, amountFen: feeFen });
    const provision = reserveProvision(feeId, feeFen, reserveShare);
    if (provision) transfers.push(provision);
  }
  // Subrogation: the part of a recovery that repays the risk reserve's compensation (./risk-reserve-compensation.ts).
  if (reserveRecoveryFen > 0) transfers.push({ kind: 'posted', id: `${id}:to-reserve`, debit: clearing, credit: accounts.riskReserve, amountFen: reserveRecoveryFen });
  const entries: JournalEntry[] = [];
  for (let start = 0; start < transfers.length; start += maxTransfersPerEntry) {
    entries.push({ id: `rpay-dist:${id}:${start / maxTransfersPerEntry}`, kind: 'repayment', transfers: transfers.slice(start, start + maxTransfersPerEntry) });
  }
  return entries;
}

export interface RepaymentLeg {
  readonly from: string;
  readonly to: string;
  readonly amountFen: number;
  /** The owners, for the day book: an investor id, or 'platform' for the fee account. */
  readonly toUserId: string;
}

/** The one instruction's legs: borrower → each investor (net), borrower → the platform's fee account. */
export function repaymentLegs(
  borrowerSubAccount: string,
  distribution: readonly InvestorDistribution[],
  subAccountOf: (investorId: string) => string,
  feeAccount: string,
  /** Subrogation: what the recovery repays the risk reserve, paid into the fee account with the fees. */
  reserveRecoveryFen = 0,
): RepaymentLeg[] {
  const legs: RepaymentLeg[] = distribution
    .filter((share) => share.netFen > 0)
    .map((share) => ({ from: borrowerSubAccount, to: subAccountOf(share.investorId), amountFen: share.netFen, toUserId: share.investorId }));
  const feeFen = distribution.reduce((sum, share) => sum + share.feeFen, 0) + reserveRecoveryFen;
  if (feeFen > 0) legs.push({ from: borrowerSubAccount, to: feeAccount, amountFen: feeFen, toUserId: 'platform' });
  if (legs.length > maxLegsPerRepayment) throw new RangeError(`${legs.length} legs exceed one instruction's ${maxLegsPerRepayment}`);
  return legs;
}

// The servicing workflow's next step.

/** A Standard execution may run a year: continue in a new one before this many days. */
export const maxExecutionDays = 330;
/** A parked execution (every due date passed, the loan unsettled) wakes at least this often. */
export const maxParkSeconds = 30 * 86_400;
const dayMs = 86_400_000;

/** The instant the auto-debit runs on a due date: 10:00 Asia/Shanghai (02:00 UTC). */
export const collectionInstant = (dueDate: string): string => `${dueDate}T02:00:00.000Z`;

export type ServicingStep =
  | { readonly next: 'END' }
  /** Wait until `until`, then collect what is due (the due date `dueDate`). */
  | { readonly next: 'WAIT'; readonly until: string; readonly dueDate: string }
  | { readonly next: 'COLLECT'; readonly dueDate: string }
  /** Every due date was attempted: wait for the loan to settle (or parkSeconds). */
  | { readonly next: 'PARK'; readonly parkSeconds: number }
  /** Continue in a new execution (the next generation). */
  | { readonly next: 'CONTINUE' };

/**
 * What the servicing execution does next: END once every installment is settled;
 * COLLECT when a due date not yet attempted has come; WAIT for the next due date;
 * PARK once every due date was attempted; CONTINUE when the next wait would take the
 * execution past maxExecutionDays from its start.
 */
export function nextServicingStep(input: {
  readonly installments: ReadonlyArray<Pick<ServicedInstallment, 'dueDate' | 'status'>>;
  readonly now: Date;
  readonly today: string;
  /** The latest due date already attempted ('' for none). */
  readonly attemptedThrough: string;
  readonly startedAt: Date;
}): ServicingStep {
  const { installments, now, today, attemptedThrough, startedAt } = input;
  if (installments.length === 0 || installments.every((installment) => installment.status === 'SETTLED')) return { next: 'END' };
  const limit = startedAt.getTime() + maxExecutionDays * dayMs;
  const dates = [...new Set(installments.filter((installment) => installment.status !== 'SETTLED').map((installment) => installment.dueDate))]
    .filter((date) => date > attemptedThrough)
    .sort();
  const reached = dates.filter((date) => date <= today && Date.parse(collectionInstant(date)) <= now.getTime());
  if (reached.length > 0) return { next: 'COLLECT', dueDate: reached.at(-1) ?? today };
  const upcoming = dates[0];
  if (upcoming !== undefined) {
    const until = collectionInstant(upcoming);
    return Date.parse(until) > limit ? { next: 'CONTINUE' } : { next: 'WAIT', until, dueDate: upcoming };
  }
  const left = Math.floor((limit - now.getTime()) / 1000);
  return left <= 60 ? { next: 'CONTINUE' } : { next: 'PARK', parkSeconds: Math.min(maxParkSeconds, left) };
}
