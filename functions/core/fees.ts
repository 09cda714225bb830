/**
 * Platform fees, both a proportion of an amount, rounded half-up to the fen once:
 * - the borrower's service fee (借款服务费) = principal × serviceFeeRate, taken once at
 *   disbursement out of the funded principal (the borrower receives principal − fee);
 * - the investor's management fee (投资管理费) = interest received × managementFeeRate,
 *   taken from each investor's interest on each repayment.
 * The rates are exact ratios (e.g. parseRate("0.03")) configured by the caller. They
 * are flat proportions of the amount, not annualised, and lie between 0 and 1, so a
 * fee never exceeds the amount it is taken from.
 */
import { applyRatio, minusMoney, toFen, type Money } from './money';
import { compareRatios, whole, type Ratio } from './rational';

export type FeeRate = Ratio;

export function borrowerServiceFee(principal: Money, serviceFeeRate: FeeRate): Money {
  return proportionalFee(principal, serviceFeeRate, 'service fee');
}

export function investorManagementFee(interestReceived: Money, managementFeeRate: FeeRate): Money {
  return proportionalFee(interestReceived, managementFeeRate, 'management fee');
}

export interface Disbursement {
  readonly serviceFee: Money;
  /** What reaches the borrower's custody account: principal − service fee. */
  readonly toBorrower: Money;
}

/** Splits the funded principal into the service fee and the borrower's credit; they sum to the principal exactly. */
export function disbursementAmounts(principal: Money, serviceFeeRate: FeeRate): Disbursement {
  const serviceFee = borrowerServiceFee(principal, serviceFeeRate);
  return { serviceFee, toBorrower: minusMoney(principal, serviceFee) };
}

function proportionalFee(amount: Money, rate: FeeRate, what: string): Money {
  if (toFen(amount) < 0) throw new RangeError(`a ${what} on a negative amount`);
  if (rate.numerator < 0n || compareRatios(rate, whole(1)) > 0) throw new RangeError(`a ${what} rate must lie between 0 and 1`);
  return applyRatio(amount, rate);
}
