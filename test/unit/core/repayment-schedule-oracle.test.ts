/**
 * An independent oracle for 等额本息: @formulajs/formulajs (Excel's PMT and IPMT, in
 * floating point) against the exact-ratio schedule. Floats appear ONLY here, as an
 * outside check; the implementation never uses them.
 *
 * Tolerances, and why:
 * - payment: the schedule's payment is the exact value rounded half-up once, so it is
 *   within 0.5 fen of the true value; PMT's float error at these sizes (≤ ¥5,000,000,
 *   ≤ 60 periods) is below 1e-4 fen. Tolerance: 0.5 fen + 1e-4 (tighter than 1 fen).
 * - interest of period k: the oracle (IPMT) follows the unrounded schedule. Ours pays
 *   the rounded payment a = A + ε and rounds each interest (δ_k), |ε|, |δ_k| ≤ ½ fen,
 *   so the remaining principal drifts: e_1 = 0, e_{k+1} = e_k(1+r) − ε + δ_k, hence
 *   |e_k| ≤ ((1+r)^(k−1) − 1) / r fen, and the interest differs by
 *   |δ_k + r·e_k| ≤ ½ + (1+r)^(k−1) − 1 fen. That is ≤ 1.3 fen at 12% a year over 60
 *   months ("a fen or two"), and grows to ≈ 5 fen at the 36% / 60-month corner.
 *   Tolerance: that bound + 1e-4.
 * - the last installment's total, which absorbs the drift: |total_n − A| ≤
 *   (1+r)·((1+r)^(n−1) − 1)/r + 1 fen, by the same recurrence.
 */
import { IPMT, PMT } from '@formulajs/formulajs';
import fc from 'fast-check';
import { fen, toFen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { buildRepaymentSchedule, equalInstallmentPayment } from '../../../functions/core/repayment-schedule';
import { loanAmountFen, rateTenThousandths, rateText, runs, termMonths } from './lending-arbitraries';

const floatEpsilonFen = 1e-4;

const oracleNumber = (value: number | Error): number => {
  if (value instanceof Error) throw value;
  return value;
};
/** Payment in fen by Excel's PMT: the loan as a positive present value, payments as positive numbers. */
const oraclePayment = (amountFen: number, months: number, monthly: number): number => oracleNumber(PMT(monthly, months, -amountFen));
const oracleInterest = (amountFen: number, period: number, months: number, monthly: number): number =>
  oracleNumber(IPMT(monthly, period, months, -amountFen));

test('the oracle agrees with the well-known figure it is used to check', () => {
  expect(oraclePayment(10_000_000, 12, 0.01)).toBeCloseTo(888_487.887, 2);
  expect(oracleInterest(10_000_000, 1, 12, 0.01)).toBeCloseTo(100_000, 6);
});

test('property: the payment is PMT rounded, within 0.5 fen', () => {
  fc.assert(
    fc.property(loanAmountFen, termMonths, rateTenThousandths, (amount, months, rate) => {
      const payment = toFen(equalInstallmentPayment(fen(amount), months, parseRate(rateText(rate))));
      const monthly = rate / 10_000 / 12;
      expect(Math.abs(payment - oraclePayment(amount, months, monthly))).toBeLessThanOrEqual(0.5 + floatEpsilonFen);
    }),
    runs,
  );
});

test('property: each period’s interest is within the derived drift bound of IPMT; the last total too', () => {
  let worstAtOrBelow12Percent = 0;
  fc.assert(
    fc.property(loanAmountFen, termMonths, rateTenThousandths, (amount, months, rate) => {
      const built = buildRepaymentSchedule({
        amount: fen(amount),
        termMonths: months,
        annualRate: parseRate(rateText(rate)),
        method: 'EQUAL_INSTALLMENT',
        startDate: '2026-01-31',
      });
      const monthly = rate / 10_000 / 12;
      for (const installment of built.installments) {
        const k = installment.number;
        const difference = Math.abs(toFen(installment.interest) - oracleInterest(amount, k, months, monthly));
        expect(difference).toBeLessThanOrEqual(0.5 + ((1 + monthly) ** (k - 1) - 1) + floatEpsilonFen);
        if (rate <= 1_200) worstAtOrBelow12Percent = Math.max(worstAtOrBelow12Percent, difference);
      }
      const last = built.installments.at(-1);
      const drift = months === 1 ? 0 : ((1 + monthly) * ((1 + monthly) ** (months - 1) - 1)) / monthly;
      expect(Math.abs(toFen(last?.total ?? fen(0)) - oraclePayment(amount, months, monthly))).toBeLessThanOrEqual(drift + 1 + floatEpsilonFen);
    }),
    runs,
  );
  // At ordinary rates the interest is within a fen or two of the oracle.
  expect(worstAtOrBelow12Percent).toBeLessThanOrEqual(1.3 + floatEpsilonFen);
});

test('the oracle would catch a wrong formula: a payment one fen off fails the 0.5-fen tolerance', () => {
  const payment = toFen(equalInstallmentPayment(fen(10_000_000), 12, parseRate('0.12')));
  expect(Math.abs(payment + 1 - oraclePayment(10_000_000, 12, 0.01))).toBeGreaterThan(0.5 + floatEpsilonFen);
});
