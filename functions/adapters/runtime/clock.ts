/**
 * The platform's clock port. The domain never reads the time itself: use cases take
 * `now` as a parameter, and handlers get it from here. On AWS it is the system clock;
 * the twin installs its controllable clock (lib/local/clock.ts) so that a year of
 * repayments can be simulated in seconds.
 */
export interface Clock {
  now(): Date;
}

const systemClock: Clock = { now: () => new Date() };
let current: Clock = systemClock;

export function now(): Date {
  return current.now();
}

/** Installs another clock for this process (the twin does, once, at start-up). */
export function installClock(clock: Clock): void {
  current = clock;
}
