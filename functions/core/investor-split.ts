/**
 * Splitting an amount (a repayment's principal, interest or penalty, a recovery) among
 * a loan's investors pro rata to the principal each one funded, in exact fen, with the
 * largest-remainder method:
 * 1. each investor's exact share is amount × principal / total principal (bigint, no
 *    float); everyone first gets that share rounded down to the fen;
 * 2. the fen left over (fewer than the number of investors) go one each to the largest
 *    fractional remainders; equal remainders go to the earlier bid first — by
 *    `bidSequence` when every stake carries one, otherwise by input order.
 * So the shares always sum exactly to the amount, each share is within one fen of its
 * exact pro-rata value, an investor with zero principal gets zero, and the same input
 * always gives the same split. Shares come back in input order.
 */
import { fen, toFen, type Money } from './money';

export interface InvestorStake {
  /** Whatever identifies the holding to the caller (a bid id, an investor id); unique. */
  readonly id: string;
  /** The principal this investor funded: the weight of the split. */
  readonly principal: Money;
  /** The bid's place in the bid order; lower bids earlier. Give it for every stake or for none. */
  readonly bidSequence?: number;
}

export interface InvestorShare {
  readonly id: string;
  readonly amount: Money;
}

export function splitProRata(amount: Money, stakes: readonly InvestorStake[]): InvestorShare[] {
  const total = BigInt(toFen(amount));
  if (total < 0n) throw new RangeError('cannot split a negative amount');
  assertStakes(stakes);
  const weights = stakes.map((stake) => BigInt(toFen(stake.principal)));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0n);
  if (totalWeight === 0n) {
    if (total === 0n) return stakes.map(({ id }) => ({ id, amount: fen(0) }));
    throw new RangeError('cannot split an amount among investors who funded nothing');
  }
  const floors = weights.map((weight) => (total * weight) / totalWeight);
  // Remainders share the denominator totalWeight, so comparing numerators compares the fractions exactly.
  const remainders = weights.map((weight) => (total * weight) % totalWeight);
  const order = (index: number): number => stakes[index]?.bidSequence ?? index;
  let leftover = total - floors.reduce((sum, share) => sum + share, 0n);
  const byRemainder = stakes
    .map((_, index) => index)
    .sort((a, b) => compareBigints(remainders[b] ?? 0n, remainders[a] ?? 0n) || order(a) - order(b));
  const shares = [...floors];
  for (const index of byRemainder) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return stakes.map(({ id }, index) => ({ id, amount: fen(shares[index] ?? 0n) }));
}

const compareBigints = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function assertStakes(stakes: readonly InvestorStake[]): void {
  const ids = new Set(stakes.map(({ id }) => id));
  if (ids.size !== stakes.length) throw new RangeError('each stake needs its own id');
  if (stakes.some(({ principal }) => toFen(principal) < 0)) throw new RangeError('a stake with negative principal');
  const sequenced = stakes.filter(({ bidSequence }) => bidSequence !== undefined);
  if (sequenced.length === 0) return;
  if (sequenced.length !== stakes.length) throw new RangeError('give a bidSequence for every stake or for none');
  if (sequenced.some(({ bidSequence }) => !Number.isSafeInteger(bidSequence))) throw new RangeError('a bidSequence must be a whole number');
  if (new Set(sequenced.map(({ bidSequence }) => bidSequence)).size !== stakes.length) throw new RangeError('bid sequences must be distinct');
}
