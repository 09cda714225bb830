import { schedules } from '../../../functions/manifest/schedules';
import { nextOccurrence } from '../../../lib/local/scheduler';

const schedule = (name: string) => {
  const found = schedules.find((candidate) => candidate.name === name);
  if (!found) throw new Error(name);
  return found;
};

test('the overdue sweep runs daily at 01:00 Asia/Shanghai', () => {
  expect(nextOccurrence(schedule('overdue-sweep'), new Date('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-11-25T17:00:00.000Z');
  // Strictly after: at the occurrence itself, the next one is a day later.
  expect(nextOccurrence(schedule('overdue-sweep'), new Date('2026-11-25T17:00:00Z')).toISOString()).toBe('2026-11-26T17:00:00.000Z');
});

test('the monthly disclosure runs on the 1st at 03:00 Asia/Shanghai', () => {
  expect(nextOccurrence(schedule('monthly-disclosure'), new Date('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-11-30T19:00:00.000Z');
  expect(nextOccurrence(schedule('monthly-disclosure'), new Date('2026-12-31T19:00:00Z')).toISOString()).toBe('2027-01-31T19:00:00.000Z');
});

test('expressions the twin cannot honour are refused, not misread', () => {
  const base = schedule('overdue-sweep');
  expect(() => nextOccurrence({ ...base, cron: 'rate(1 day)' }, new Date())).toThrow(/unsupported/);
  expect(() => nextOccurrence({ ...base, cron: 'cron(0 1 ? * MON-FRI *)' }, new Date())).toThrow(/day-of-week/);
  expect(() => nextOccurrence({ ...base, cron: 'cron(0 1 * * ? 2027)' }, new Date())).toThrow(/unsupported/);
});
