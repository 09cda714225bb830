/** Money as integer fen, rates as exact decimals, and the bigint ratios underneath. */
import fc from 'fast-check';
import { applyRatio, fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { formatRate, parseRate } from '../../../functions/core/rate';
import { floor, ratio, roundHalfUp } from '../../../functions/core/rational';

test('yuan strings parse to fen exactly and format back with two decimals', () => {
  expect(toFen(parseYuan('100000.00'))).toBe(10_000_000);
  expect(toFen(parseYuan('0.1'))).toBe(10);
  expect(formatYuan(fen(5))).toBe('0.05');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (amount) => {
      expect(toFen(parseYuan(formatYuan(fen(amount))))).toBe(amount);
    }),
  );
});

test('anything but a plain non-negative decimal with at most two places is refused', () => {
  for (const text of ['1.001', '-1.00', '1e3', ' 1', '01.00', '1.', '.5', 'NaN', 'Infinity', '', '12345678901.00']) {
    expect(() => parseYuan(text)).toThrow(RangeError);
  }
  for (const amount of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => fen(amount)).toThrow(RangeError);
});

test('rates are exact decimals between 0 and 1', () => {
  expect(parseRate('0.12')).toEqual({ numerator: 3n, denominator: 25n });
  expect(formatRate(parseRate('0.0435'))).toBe('0.0435');
  expect(formatRate(parseRate('1.000'))).toBe('1');
  for (const text of ['1.5', '0.1234567', '-0.1', '12%', '.12', '0,12']) expect(() => parseRate(text)).toThrow(RangeError);
});

test('half-up rounding and floor on ratios', () => {
  expect(roundHalfUp(ratio(5n, 2n))).toBe(3n);
  expect(roundHalfUp(ratio(-5n, 2n))).toBe(-3n);
  expect(roundHalfUp(ratio(249n, 100n))).toBe(2n);
  expect(floor(ratio(-1n, 3n))).toBe(-1n);
  // 0.5 fen rounds up; 0.4999… does not.
  expect(toFen(applyRatio(fen(1), ratio(1n, 2n)))).toBe(1);
  expect(toFen(applyRatio(fen(9999), ratio(1n, 20000n)))).toBe(0);
});
