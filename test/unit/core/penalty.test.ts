import fc from 'fast-check';
import { DomainError, RateAboveLegalCapError } from '../../../functions/core/errors';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { assertWithinLegalCap, effectivePenaltyRate, legalRateCap, penaltyInterest } from '../../../functions/core/penalty';
import { compareRatios, plus } from '../../../functions/core/rational';
import { formatRate, parseRate } from '../../../functions/core/rate';
import { halfUp, rateText, runs } from './lending-arbitraries';

const lpr = parseRate('0.031');
const cap = legalRateCap(lpr); // 4 × 3.1% = 12.4%

test('the legal cap is 4 × the one-year LPR by default, or another multiple', () => {
  expect(formatRate(cap)).toBe('0.124');
  expect(formatRate(legalRateCap(parseRate('0.0345'), 3))).toBe('0.1035');
  expect(() => legalRateCap(lpr, 0)).toThrow(RangeError);
});

test('a contract rate above the cap is refused with a named error; at the cap it is allowed', () => {
  expect(() => assertWithinLegalCap(parseRate('0.124'), cap)).not.toThrow();
  expect(() => assertWithinLegalCap(parseRate('0.1241'), cap)).toThrow(RateAboveLegalCapError);
  try {
    assertWithinLegalCap(parseRate('0.24'), cap);
    throw new Error('expected a refusal');
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('unprocessable');
    expect((error as DomainError).message).toContain('0.124');
  }
});

test('the penalty rate is cut so that contract + penalty never exceed the cap', () => {
  const rates = (contract: string, penalty: string) => ({ contractRate: parseRate(contract), penaltyRate: parseRate(penalty), legalCap: cap });
  expect(formatRate(effectivePenaltyRate(rates('0.10', '0.05')))).toBe('0.024'); // headroom 2.4% < 5%
  expect(formatRate(effectivePenaltyRate(rates('0.08', '0.02')))).toBe('0.02'); // 2% fits
  expect(formatRate(effectivePenaltyRate(rates('0.124', '0.05')))).toBe('0'); // no headroom
  expect(formatRate(effectivePenaltyRate(rates('0.13', '0.05')))).toBe('0'); // above cap: never negative
});

test('penalty interest: overdue × effective rate × days / 365, rounded half-up once', () => {
  const rates = { contractRate: parseRate('0.1'), penaltyRate: parseRate('0.05'), legalCap: cap };
  // 10000.00 × 2.4% × 30 / 365 = 19.726… → 19.73
  expect(formatYuan(penaltyInterest(parseYuan('10000'), 30, rates))).toBe('19.73');
  expect(formatYuan(penaltyInterest(parseYuan('10000'), 0, rates))).toBe('0.00');
  expect(() => penaltyInterest(parseYuan('10000'), -1, rates)).toThrow(RangeError);
});

test('property: within the cap, never negative, never above the configured rate, half-up of the exact product', () => {
  const pct = fc.integer({ min: 0, max: 3_600 });
  fc.assert(
    fc.property(pct, pct, fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: 500_000_000 }), fc.integer({ min: 0, max: 400 }), (contract, penalty, lprTenThousandths, overdue, days) => {
      const legalCap = legalRateCap(parseRate(rateText(lprTenThousandths)));
      const rates = { contractRate: parseRate(rateText(contract)), penaltyRate: parseRate(rateText(penalty)), legalCap };
      const effective = effectivePenaltyRate(rates);
      expect(effective.numerator >= 0n).toBe(true);
      expect(compareRatios(effective, rates.penaltyRate)).toBeLessThanOrEqual(0);
      if (compareRatios(rates.contractRate, legalCap) <= 0) expect(compareRatios(plus(rates.contractRate, effective), legalCap)).toBeLessThanOrEqual(0);
      // Integer model: all rates in 1/10,000ths; the cap is 4 × LPR.
      const expectedRate = Math.max(0, Math.min(penalty, 4 * lprTenThousandths - contract));
      expect(BigInt(toFen(penaltyInterest(fen(overdue), days, rates)))).toBe(halfUp(BigInt(overdue) * BigInt(expectedRate) * BigInt(days), 10_000n * 365n));
    }),
    runs,
  );
});
