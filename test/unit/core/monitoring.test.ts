import { isLargeTransfer, isRapidWithdrawal, reachesLargeTransferThreshold } from '../../../functions/core/monitoring';
import { parseRate } from '../../../functions/core/rate';

const base = { disbursedAt: '2027-01-01T02:00:00.000Z', receivedFen: 980_000, share: parseRate('0.8'), minutes: 60 };

test('a withdrawal of ≥ 80% of the disbursement within the hour is rapid; less, or later, is not', () => {
  expect(isRapidWithdrawal({ ...base, withdrawalFen: 784_000, at: new Date('2027-01-01T02:30:00Z') })).toBe(true); // exactly 80%
  expect(isRapidWithdrawal({ ...base, withdrawalFen: 783_999, at: new Date('2027-01-01T02:30:00Z') })).toBe(false);
  expect(isRapidWithdrawal({ ...base, withdrawalFen: 980_000, at: new Date('2027-01-01T03:00:00Z') })).toBe(true); // at 60 minutes
  expect(isRapidWithdrawal({ ...base, withdrawalFen: 980_000, at: new Date('2027-01-01T03:00:01Z') })).toBe(false);
  expect(isRapidWithdrawal({ ...base, withdrawalFen: 980_000, at: new Date('2027-01-01T01:59:00Z') })).toBe(false); // before
  expect(isRapidWithdrawal({ ...base, receivedFen: 0, withdrawalFen: 1, at: new Date('2027-01-01T02:01:00Z') })).toBe(false);
});

test('large transfers: the threshold amount counts; the alert fires once, when the count reaches the limit', () => {
  expect(isLargeTransfer(5_000_000, 5_000_000)).toBe(true);
  expect(isLargeTransfer(4_999_999, 5_000_000)).toBe(false);
  expect([1, 2, 3, 4].map((count) => reachesLargeTransferThreshold(count, 3))).toEqual([false, false, true, false]);
});
