import fc from 'fast-check';
import { accruedInterest, daysBetween, parseCalendarDate } from '../../../functions/core/day-count';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { halfUp, rateTenThousandths, rateText, runs, startDate } from './lending-arbitraries';

test('actual days between dates, leap years included', () => {
  expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  expect(daysBetween('2026-02-15', '2026-03-01')).toBe(14);
  expect(daysBetween('2026-03-01', '2026-02-15')).toBe(-14);
  expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
});

test('property: days between agree with the JavaScript Date', () => {
  fc.assert(
    fc.property(startDate, startDate, (from, to) => {
      expect(daysBetween(from, to)).toBe((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
    }),
    runs,
  );
});

test('only real calendar dates are accepted', () => {
  expect(parseCalendarDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
  for (const text of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-1', '20260101', '']) {
    expect(() => parseCalendarDate(text)).toThrow(RangeError);
  }
});

test('accrued interest is principal × rate × days / 365, rounded half-up once', () => {
  // 100000.00 × 12% × 10 / 365 = 328.767… → 328.77
  expect(formatYuan(accruedInterest(parseYuan('100000'), parseRate('0.12'), 10))).toBe('328.77');
  // 365 days at 10% on 1000.00 is exactly 100.00, leap year or not (actual/365).
  expect(formatYuan(accruedInterest(parseYuan('1000'), parseRate('0.1'), 365))).toBe('100.00');
  // 0.73 × 25% × 1 / 365 = 0.0005 yuan = 0.05 fen → 0 fen; 7.30 × 25% / 365 = 0.5 fen → 1 fen (half-up).
  expect(toFen(accruedInterest(parseYuan('0.73'), parseRate('0.25'), 1))).toBe(0);
  expect(toFen(accruedInterest(parseYuan('7.30'), parseRate('0.25'), 1))).toBe(1);
  expect(() => accruedInterest(parseYuan('1'), parseRate('0.1'), -1)).toThrow(RangeError);
  expect(() => accruedInterest(parseYuan('1'), parseRate('0.1'), 1.5)).toThrow(RangeError);
});

test('property: accrued interest matches an integer half-up computation', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 500_000_000 }), rateTenThousandths, fc.integer({ min: 0, max: 2_000 }), (principal, rate, days) => {
      const interest = toFen(accruedInterest(fen(principal), parseRate(rateText(rate)), days));
      expect(BigInt(interest)).toBe(halfUp(BigInt(principal) * BigInt(rate) * BigInt(days), 10_000n * 365n));
    }),
    runs,
  );
});
