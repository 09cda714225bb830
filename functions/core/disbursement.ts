/**
 * Disbursement (放款), pure: from a funded loan and its frozen bids, the one custody
 * transfer instruction for the bank and the ledger entries that follow its
 * confirmation. Every id derives from the loan id (and a page number), so a retried
 * step sends the same instruction and records the same entries, each once.
 *
 * - The bank instruction `disb-{loanId}`: one leg per investor (their bids summed)
 *   to the borrower's sub-account, then the service fee from the borrower's
 *   sub-account to the platform's fee account; the bank moves all legs or none.
 * - After the bank confirms: every bid's pending transfer custody(investor) →
 *   subscription(loan) is posted, in entries `disb-post:{loanId}:{page}` of at most
 *   maxTransfersPerEntry transfers (bids in bid-id order, so pages are stable), then
 *   `disburse:{loanId}` moves subscription → custody(borrower) (amount − fee) and
 *   subscription → fee income (fee), and provisions the fee's share of the risk reserve.
 */
import { disbursementAmounts, type FeeRate } from './fees';
import { accounts, maxTransfersPerEntry, type JournalEntry, type Transfer } from './ledger';
import { fen, toFen } from './money';
import type { Ratio } from './rational';
import { reserveProvision } from './risk-reserve';

export const disbursementInstructionPrefix = 'disb-';
export const disbursementInstructionId = (loanId: string): string => `${disbursementInstructionPrefix}${loanId}`;
/** The loan a disbursement instruction id belongs to, or undefined for any other instruction. */
export const loanOfDisbursementInstruction = (instructionId: string): string | undefined =>
  instructionId.startsWith(disbursementInstructionPrefix) ? instructionId.slice(disbursementInstructionPrefix.length) : undefined;

export interface DisbursedBid {
  readonly bidId: string;
  readonly investorId: string;
  readonly amountFen: number;
}

export interface DisbursementLeg {
  readonly from: string;
  readonly to: string;
  readonly amountFen: number;
}

export interface DisbursementPlan {
  readonly instructionId: string;
  readonly feeFen: number;
  readonly toBorrowerFen: number;
  readonly legs: readonly DisbursementLeg[];
}

/** The bank allows this many legs in one transfer instruction. */
export const maxLegsPerInstruction = 200;

/**
 * The most investors one loan may have: the disbursement (and each repayment's
 * distribution) is one instruction with a leg per investor plus the fee's leg. It also
 * keeps a loan within the 200 people beyond which lending to the public needs a licence.
 */
export const maxInvestorsPerLoan = maxLegsPerInstruction - 1;

export function planDisbursement(input: {
  readonly loanId: string;
  readonly amountFen: number;
  readonly serviceFeeRate: FeeRate;
  readonly bids: readonly DisbursedBid[];
  readonly borrowerSubAccount: string;
  readonly feeAccount: string;
  readonly subAccountOf: (investorId: string) => string;
}): DisbursementPlan {
  const funded = input.bids.reduce((sum, bid) => sum + bid.amountFen, 0);
  if (funded !== input.amountFen) throw new RangeError(`loan ${input.loanId}: bids total ${funded} fen, not the amount ${input.amountFen}`);
  const { serviceFee, toBorrower } = disbursementAmounts(fen(input.amountFen), input.serviceFeeRate);
  const byInvestor = new Map<string, number>();
  for (const bid of [...input.bids].sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0))) {
    byInvestor.set(bid.investorId, (byInvestor.get(bid.investorId) ?? 0) + bid.amountFen);
  }
  const legs: DisbursementLeg[] = [...byInvestor].map(([investorId, amountFen]) => ({ from: input.subAccountOf(investorId), to: input.borrowerSubAccount, amountFen }));
  const feeFen = toFen(serviceFee);
  if (feeFen > 0) legs.push({ from: input.borrowerSubAccount, to: input.feeAccount, amountFen: feeFen });
  if (legs.length > maxLegsPerInstruction) throw new RangeError(`loan ${input.loanId}: ${legs.length} legs exceed one instruction's ${maxLegsPerInstruction}`);
  return { instructionId: disbursementInstructionId(input.loanId), feeFen, toBorrowerFen: toFen(toBorrower), legs };
}

/** The entries posting every bid's pending transfer, ≤ maxTransfersPerEntry each, in bid-id order. */
export function bidPostingEntries(loanId: string, bids: readonly Pick<DisbursedBid, 'bidId'>[]): JournalEntry[] {
  const sorted = [...bids].sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0));
  const entries: JournalEntry[] = [];
  for (let start = 0; start < sorted.length; start += maxTransfersPerEntry) {
    const page = sorted.slice(start, start + maxTransfersPerEntry);
    entries.push({
      id: `disb-post:${loanId}:${start / maxTransfersPerEntry}`,
      kind: 'bid-post',
      transfers: page.map((bid): Transfer => ({ kind: 'post-pending', id: `${bid.bidId}:post`, pendingId: bid.bidId })),
    });
  }
  return entries;
}

/** Subscription → the borrower's custody (amount − fee) and → fee income (fee), with the fee's risk-reserve provision. */
export function disbursementEntry(loanId: string, borrowerId: string, toBorrowerFen: number, feeFen: number, reserveShare: Ratio): JournalEntry {
  const subscription = accounts.subscription(loanId);
  const transfers: Transfer[] = [{ kind: 'posted', id: `disburse:${loanId}:borrower`, debit: subscription, credit: accounts.custody(borrowerId), amountFen: toBorrowerFen }];
  if (feeFen > 0) {
    const feeId = `disburse:${loanId}:fee`;
    transfers.push({ kind: 'posted', id: feeId, debit: subscription, credit: accounts.feeIncome, amountFen: feeFen });
    const provision = reserveProvision(feeId, feeFen, reserveShare);
    if (provision) transfers.push(provision);
  }
  return { id: `disburse:${loanId}`, kind: 'disbursement', transfers };
}
