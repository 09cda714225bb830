import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDuration, TwinClock } from '../../../lib/local/clock';

const day = 86_400_000;

test('an advance fires the timers it passes in time order, settling between them', async () => {
  const clock = await TwinClock.open();
  const start = clock.now().getTime();
  const fired: string[] = [];
  let settles = 0;
  clock.settle = async () => {
    settles += 1;
  };
  clock.at(new Date(start + 3 * day), () => void fired.push('third'));
  clock.at(new Date(start + 1 * day), async () => {
    fired.push('first');
    // A timer may arm another inside the same advance: it fires too, in its turn.
    clock.at(new Date(start + 2 * day), () => void fired.push('second'));
  });
  clock.at(new Date(start + 10 * day), () => void fired.push('too late'));
  const now = await clock.advance(5 * day);
  expect(fired).toEqual(['first', 'second', 'third']);
  expect(now.getTime()).toBeGreaterThanOrEqual(start + 5 * day);
  expect(settles).toBeGreaterThanOrEqual(4);
  clock.stop();
});

test('a cancelled timer does not fire; until() resolves at once for the past', async () => {
  const clock = await TwinClock.open();
  let fired = false;
  const cancel = clock.at(new Date(clock.now().getTime() + day), () => void (fired = true));
  cancel();
  await clock.advance(2 * day);
  expect(fired).toBe(false);
  await expect(clock.until(new Date(0))).resolves.toBeUndefined();
  clock.stop();
});

test('the clock never moves back', async () => {
  const clock = await TwinClock.open();
  expect(() => clock.set(new Date(clock.now().getTime() - 1000))).toThrow(RangeError);
  expect(() => clock.advance(-1)).toThrow(RangeError);
});

test('the offset is kept across a restart', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'clock-'));
  try {
    const first = await TwinClock.open(join(folder, 'clock.json'));
    await first.advance(30 * day);
    const second = await TwinClock.open(join(folder, 'clock.json'));
    expect(second.now().getTime() - Date.now()).toBeGreaterThanOrEqual(30 * day - 1000);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('durations are ISO 8601 weeks, days, hours, minutes and seconds', () => {
  expect(parseDuration('P30D')).toBe(30 * day);
  expect(parseDuration('P1W')).toBe(7 * day);
  expect(parseDuration('PT1H30M5S')).toBe(5_405_000);
  expect(parseDuration('P1DT1H')).toBe(day + 3_600_000);
  for (const invalid of ['P', 'PT', '30D', 'P1M', 'P-1D', 'P1.5D', '']) expect(() => parseDuration(invalid)).toThrow(RangeError);
});
