import fc from 'fast-check';
import { borrowerServiceFee, disbursementAmounts, investorManagementFee } from '../../../functions/core/fees';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { ratio } from '../../../functions/core/rational';
import { parseRate } from '../../../functions/core/rate';
import { halfUp, runs } from './lending-arbitraries';

test('the borrower service fee is principal × rate, rounded half-up', () => {
  expect(formatYuan(borrowerServiceFee(parseYuan('100000'), parseRate('0.03')))).toBe('3000.00');
  // 12345.67 × 1.5% = 185.18505 → 185.19 (half-up on the fen: 18518.505 fen → 18519).
  expect(formatYuan(borrowerServiceFee(parseYuan('12345.67'), parseRate('0.015')))).toBe('185.19');
  expect(formatYuan(borrowerServiceFee(parseYuan('12345.67'), parseRate('0')))).toBe('0.00');
});

test('the investor management fee is interest received × rate, rounded half-up', () => {
  // 888.88 × 10% = 88.888 → 88.89
  expect(formatYuan(investorManagementFee(parseYuan('888.88'), parseRate('0.1')))).toBe('88.89');
  // 0.05 × 10% = 0.5 fen → 1 fen
  expect(formatYuan(investorManagementFee(parseYuan('0.05'), parseRate('0.1')))).toBe('0.01');
});

test('disbursement: the service fee and the borrower credit sum to the principal', () => {
  const { serviceFee, toBorrower } = disbursementAmounts(parseYuan('50000'), parseRate('0.025'));
  expect([formatYuan(serviceFee), formatYuan(toBorrower)]).toEqual(['1250.00', '48750.00']);
});

test('fee rates outside 0–1 and negative amounts are refused', () => {
  expect(() => borrowerServiceFee(parseYuan('100'), ratio(-1n, 100n))).toThrow(RangeError);
  expect(() => investorManagementFee(parseYuan('100'), ratio(101n, 100n))).toThrow(RangeError);
  expect(() => investorManagementFee(fen(-1), parseRate('0.1'))).toThrow(RangeError);
});

test('property: fees are half-up of the exact product, and fee + borrower credit = principal', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 500_000_000 }), fc.integer({ min: 0, max: 10_000 }), (principal, tenThousandths) => {
      const rate = parseRate(`${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`);
      const { serviceFee, toBorrower } = disbursementAmounts(fen(principal), rate);
      expect(BigInt(toFen(serviceFee))).toBe(halfUp(BigInt(principal) * BigInt(tenThousandths), 10_000n));
      expect(toFen(serviceFee) + toFen(toBorrower)).toBe(principal);
      expect(toFen(toBorrower)).toBeGreaterThanOrEqual(0);
      expect(toFen(investorManagementFee(fen(principal), rate))).toBe(toFen(serviceFee));
    }),
    runs,
  );
});
