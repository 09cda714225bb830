/**
 * Allocating a repayment across a loan's outstanding installments (还款冲抵顺序):
 * oldest installment first, and within each installment its penalty, then its
 * interest, then its principal; only when an installment is fully covered does the
 * next one receive anything. Whatever is left once everything outstanding is covered
 * is returned as `unallocated` (an overpayment, for the caller to refund or to apply
 * as an early repayment). allocated + unallocated = the payment, exactly.
 */
import { fen, toFen, type Money } from './money';

export interface OutstandingInstallment {
  /** The installment number; lower numbers are older. */
  readonly number: number;
  readonly penalty: Money;
  readonly interest: Money;
  readonly principal: Money;
}

export interface InstallmentAllocation {
  readonly number: number;
  readonly penalty: Money;
  readonly interest: Money;
  readonly principal: Money;
  readonly total: Money;
  /** Every part of the installment is now covered. */
  readonly settled: boolean;
}

export interface RepaymentAllocation {
  /** One entry per outstanding installment, oldest first (zeros where the payment did not reach). */
  readonly installments: readonly InstallmentAllocation[];
  readonly allocated: Money;
  readonly unallocated: Money;
}

export const allocationOrder = ['penalty', 'interest', 'principal'] as const;

export function allocateRepayment(payment: Money, outstanding: readonly OutstandingInstallment[]): RepaymentAllocation {
  const paid = BigInt(toFen(payment));
  if (paid < 0n) throw new RangeError('a negative payment');
  assertOutstanding(outstanding);
  const oldestFirst = [...outstanding].sort((a, b) => a.number - b.number);
  let left = paid;
  const take = (owed: Money): bigint => {
    const owedFen = BigInt(toFen(owed));
    const taken = owedFen < left ? owedFen : left;
    left -= taken;
    return taken;
  };
  const installments = oldestFirst.map((installment) => {
    // The order of these three lines is the allocation order.
    const penalty = take(installment.penalty);
    const interest = take(installment.interest);
    const principal = take(installment.principal);
    const owed = allocationOrder.reduce((sum, part) => sum + BigInt(toFen(installment[part])), 0n);
    const total = penalty + interest + principal;
    return { number: installment.number, penalty: fen(penalty), interest: fen(interest), principal: fen(principal), total: fen(total), settled: total === owed };
  });
  return { installments, allocated: fen(paid - left), unallocated: fen(left) };
}

function assertOutstanding(outstanding: readonly OutstandingInstallment[]): void {
  if (new Set(outstanding.map(({ number }) => number)).size !== outstanding.length) throw new RangeError('installment numbers must be distinct');
  for (const installment of outstanding) {
    if (!Number.isSafeInteger(installment.number)) throw new RangeError(`not an installment number: ${installment.number}`);
    if (allocationOrder.some((part) => toFen(installment[part]) < 0)) throw new RangeError(`installment ${installment.number} owes a negative amount`);
  }
}
