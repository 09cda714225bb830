/**
 * Risk-reserve compensation (风险准备金代偿), pure: when the policy switch is on and a
 * defaulted loan's decision is APPROVED, the reserve pays the loan's investors.
 *
 * - Split: the amount goes to the investors pro rata to what each one is still owed
 *   (their expected principal + interest minus what they received), in exact fen with
 *   the largest-remainder method (./investor-split.ts): the shares sum to the amount.
 * - Ledger: a pending transfer platform:risk-reserve → the loan's compensation clearing
 *   account reserves the amount before the bank is asked (`rcomp-hold:{id}`); once the
 *   bank confirms it is posted and the clearing account pays each investor's custody
 *   account, in entries of at most maxTransfersPerEntry transfers (`rcomp-pay:{id}:{page}`);
 *   a declined transfer voids it (`rcomp-void:{id}`).
 * - Bank: ONE transfer instruction `rcomp-{loanId}-{attempt}` (purpose OTHER) from the
 *   platform's fee account (which holds the reserve) to each investor's sub-account,
 *   at most 200 legs. A declined attempt is retried under the next attempt number.
 * - Subrogation (代位追偿): after compensation, recoveries on the loan repay the reserve
 *   first, up to what it paid (see reserveRecovery), and only the rest goes to investors.
 */
import { splitProRata } from './investor-split';
import { accounts, maxTransfersPerEntry, type JournalEntry, type Transfer } from './ledger';
import { fen, toFen } from './money';

export const maxCompensationLegs = 200;

const prefix = 'rcomp-';
export const compensationId = (loanId: string, attempt: number): string => `${prefix}${loanId}-${attempt}`;
/** The loan and attempt of a compensation instruction id, or undefined for any other instruction. */
export function parseCompensationId(instructionId: string): { loanId: string; attempt: number } | undefined {
  const match = /^rcomp-(.+)-(\d{1,4})$/.exec(instructionId);
  if (!match?.[1] || !match[2]) return undefined;
  return { loanId: match[1], attempt: Number(match[2]) };
}

/** The loan's compensation clearing account: the reserved amount passes through it to the investors. */
export const compensationClearing = (loanId: string): string => `loan:${loanId}:compensation`;

export interface InvestorClaim {
  readonly investorId: string;
  /** What the investor is still owed (principal + interest), fen; the weight of the split. */
  readonly owedFen: number;
}

/** What each investor is still owed: expected principal + interest minus what they received (never below 0). */
export function investorClaims(
  expected: ReadonlyArray<{ readonly investorId: string; readonly principalFen: number; readonly interestFen: number }>,
  received: ReadonlyMap<string, { readonly principalFen: number; readonly interestFen: number }>,
): InvestorClaim[] {
  return expected.map((share) => {
    const had = received.get(share.investorId);
    return { investorId: share.investorId, owedFen: Math.max(0, share.principalFen + share.interestFen - (had?.principalFen ?? 0) - (had?.interestFen ?? 0)) };
  });
}

export interface CompensationShare {
  readonly investorId: string;
  readonly amountFen: number;
}

/** Splits `amountFen` pro rata to what each investor is owed (largest remainder); never more than the total owed. */
export function splitCompensation(amountFen: number, claims: readonly InvestorClaim[]): CompensationShare[] {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError('compensation is a non-negative whole number of fen');
  const owed = claims.reduce((sum, claim) => sum + claim.owedFen, 0);
  if (amountFen > owed) throw new RangeError(`compensation ${amountFen} exceeds what the investors are owed (${owed})`);
  if (amountFen === 0) return claims.map(({ investorId }) => ({ investorId, amountFen: 0 }));
  const shares = splitProRata(
    fen(amountFen),
    claims.map((claim) => ({ id: claim.investorId, principal: fen(claim.owedFen) })),
  );
  return shares.map((share) => ({ investorId: share.id, amountFen: toFen(share.amount) }));
}

/** Reserves the amount in the risk reserve (a pending transfer) before the bank is asked. */
export function compensationHoldEntry(id: string, loanId: string, amountFen: number): JournalEntry {
  return {
    id: `rcomp-hold:${id}`,
    kind: 'compensation-hold',
    transfers: [{ kind: 'pending', id: `${id}:hold`, debit: accounts.riskReserve, credit: compensationClearing(loanId), amountFen }],
  };
}

/** The bank declined: the reservation is voided, the reserve's money available again. */
export function compensationVoidEntry(id: string): JournalEntry {
  return { id: `rcomp-void:${id}`, kind: 'compensation-void', transfers: [{ kind: 'void-pending', id: `${id}:void`, pendingId: `${id}:hold` }] };
}

/** After the bank confirmed: the hold posted, the clearing account paying each investor's custody account; pages of ≤ maxTransfersPerEntry. */
export function compensationEntries(id: string, loanId: string, shares: readonly CompensationShare[]): JournalEntry[] {
  const clearing = compensationClearing(loanId);
  const transfers: Transfer[] = [{ kind: 'post-pending', id: `${id}:post`, pendingId: `${id}:hold` }];
  for (const share of shares) {
    if (share.amountFen > 0) transfers.push({ kind: 'posted', id: `${id}:to:${share.investorId}`, debit: clearing, credit: accounts.custody(share.investorId), amountFen: share.amountFen });
  }
  const entries: JournalEntry[] = [];
  for (let start = 0; start < transfers.length; start += maxTransfersPerEntry) {
    entries.push({ id: `rcomp-pay:${id}:${start / maxTransfersPerEntry}`, kind: 'compensation', transfers: transfers.slice(start, start + maxTransfersPerEntry) });
  }
  return entries;
}

export interface CompensationLeg {
  readonly from: string;
  readonly to: string;
  readonly amountFen: number;
  readonly toUserId: string;
}

/** The one instruction's legs: the platform's fee account → each investor's sub-account. */
export function compensationLegs(feeAccount: string, shares: readonly CompensationShare[], subAccountOf: (investorId: string) => string): CompensationLeg[] {
  const legs = shares.filter((share) => share.amountFen > 0).map((share) => ({ from: feeAccount, to: subAccountOf(share.investorId), amountFen: share.amountFen, toUserId: share.investorId }));
  if (legs.length > maxCompensationLegs) throw new RangeError(`${legs.length} legs exceed one instruction's ${maxCompensationLegs}`);
  return legs;
}

/**
 * Subrogation: of a recovery's interest and principal, the reserve takes back first what
 * it is still owed (what it paid minus what it recovered already), interest first; the
 * penalty (never compensated) stays with the investors. Returns the reserve's part and
 * what remains for the investors; the two sum to the recovery exactly.
 */
export function reserveRecovery<T extends { readonly principalFen: number; readonly interestFen: number; readonly penaltyFen: number }>(
  paid: T,
  reserveOwedFen: number,
): { reserveFen: number; toInvestors: { principalFen: number; interestFen: number; penaltyFen: number } } {
  const owed = Math.max(0, reserveOwedFen);
  const fromInterest = Math.min(owed, paid.interestFen);
  const fromPrincipal = Math.min(owed - fromInterest, paid.principalFen);
  return {
    reserveFen: fromInterest + fromPrincipal,
    toInvestors: { principalFen: paid.principalFen - fromPrincipal, interestFen: paid.interestFen - fromInterest, penaltyFen: paid.penaltyFen },
  };
}
