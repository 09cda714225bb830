import { schedules } from '../../../functions/manifest/schedules';
import { TwinClock } from '../../../lib/local/clock';
import type { LocalFunctions } from '../../../lib/local/functions';
import { LocalScheduler, nextOccurrence } from '../../../lib/local/scheduler';

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

test('a DISABLED schedule lets its occurrences pass unfired, and none is made up when it is ENABLED again', async () => {
  const clock = await TwinClock.open();
  const fired: string[] = [];
  const functions = { invoke: async (handler: string) => void fired.push(handler) } as unknown as LocalFunctions;
  const sweep = schedule('overdue-sweep');
  const scheduler = new LocalScheduler([sweep], clock, functions);
  scheduler.start();
  try {
    scheduler.setState('overdue-sweep', 'DISABLED');
    await clock.advance(3 * 24 * 3600_000);
    expect([fired, scheduler.stateOf('overdue-sweep')]).toEqual([[], 'DISABLED']);
    scheduler.setState('overdue-sweep', 'ENABLED');
    await clock.advance(24 * 3600_000);
    expect(fired).toEqual([sweep.handler]);
    expect(() => scheduler.setState('nope', 'DISABLED')).toThrow(RangeError);
  } finally {
    scheduler.stop();
    clock.stop();
  }
});
