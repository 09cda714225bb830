/** A listing's borrower disclosure from masked values: region, income range, credit report summary. */
import { creditReportSummaryOf, incomeRangeOf, regionOf } from '../../../functions/core/listing-disclosure';

test('the region is the province of a masked ID number, or of a masked credit code', () => {
  expect(regionOf({ idNumber: '110***********1234' })).toBe('北京');
  expect(regionOf({ idNumber: '440***********4561' })).toBe('广东');
  expect(regionOf({ creditCode: '9135**********0Y43' })).toBe('福建');
  expect(regionOf({ idNumber: '990***********0000' })).toBeUndefined();
  expect(regionOf({})).toBeUndefined();
});

test('the income shows as a range whose lower bound is inclusive', () => {
  expect([0, 499_999, 500_000, 1_999_999, 2_000_000, 5_000_000].map(incomeRangeOf)).toEqual(['0-5000', '0-5000', '5000-10000', '10000-20000', '20000-50000', '50000+']);
});

test('the credit report summary names the bins the review scored, and only those features', () => {
  const contributions = [
    { feature: 'loanToMonthlyIncome', bin: 'amount ≤ 2 × monthly income' },
    { feature: 'overdueCount24m', bin: 'no overdue episode' },
    { feature: 'otherPlatformsDebtToAnnualIncome', bin: 'no debt elsewhere' },
    { feature: 'creditHistoryMonths', bin: '24 months or more' },
  ];
  expect(creditReportSummaryOf(contributions)).toEqual({ overdueRecords: 'no overdue episode', otherPlatforms: 'no debt elsewhere', creditHistory: '24 months or more' });
  expect(creditReportSummaryOf([])).toEqual({});
});
