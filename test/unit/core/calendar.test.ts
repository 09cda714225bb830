import { addDays, businessDate, platformTimeZone } from '../../../functions/core/calendar';

test('the business date is the calendar date in the given time zone', () => {
  // 17:00 UTC is 01:00 the next day in Shanghai (UTC+8, no daylight saving).
  expect(businessDate(new Date('2026-11-25T17:00:00Z'), platformTimeZone)).toBe('2026-11-26');
  expect(businessDate(new Date('2026-11-25T15:59:59Z'), platformTimeZone)).toBe('2026-11-25');
  expect(businessDate(new Date('2026-11-25T17:00:00Z'), 'UTC')).toBe('2026-11-25');
});

test('adding days crosses months, years and leap days', () => {
  expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
});
