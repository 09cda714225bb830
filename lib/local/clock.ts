/**
 * The twin's controllable clock. It runs with real time plus an offset that
 * `set` and `advance` move forward (never back). Timers (Wait states, task
 * timeouts, schedules) are kept by the clock: they fire when real time reaches
 * them, or when an advance passes them. An advance walks from timer to timer in
 * time order and lets the workflow engine settle between them, so a year of
 * repayments runs in order, in seconds.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../functions/adapters/runtime/clock';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fire: () => void | Promise<void>;
}

/** Longest real timeout Node accepts (~24.8 days). */
const maxRealDelayMs = 2 ** 31 - 1;

export class TwinClock implements Clock {
  private offsetMs = 0;
  private timers: Timer[] = [];
  private nextId = 1;
  private realTimer: NodeJS.Timeout | undefined;
  private moving: Promise<void> = Promise.resolve();
  /** Resolves when the workflow engine has nothing running (set by the twin); awaited before each timer fires. */
  settle: () => Promise<void> = async () => {};
  /** Resolves when derived work (the table stream's consumers) has caught up; awaited once a move is done. */
  drain: () => Promise<void> = async () => {};

  private constructor(private readonly stateFile: string | undefined) {}

  /** A clock whose offset is kept in `stateFile` across restarts (none: in memory). */
  static async open(stateFile?: string): Promise<TwinClock> {
    const clock = new TwinClock(stateFile);
    if (stateFile) {
      try {
        clock.offsetMs = (JSON.parse(await readFile(stateFile, 'utf8')) as { offsetMs: number }).offsetMs;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return clock;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Calls `fire` once the clock reaches `at`. Returns a cancel function. */
  at(at: Date, fire: () => void | Promise<void>): () => void {
    const timer: Timer = { id: this.nextId++, at: at.getTime(), fire };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
    this.armRealTimer();
    return () => {
      this.timers = this.timers.filter((candidate) => candidate !== timer);
      this.armRealTimer();
    };
  }

  /** Resolves when the clock reaches `at` (at once if it has), or rejects on abort. */
  until(at: Date, signal?: AbortSignal): Promise<void> {
    if (at.getTime() <= this.now().getTime()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cancel = this.at(at, resolve);
      signal?.addEventListener('abort', () => {
        cancel();
        reject(signal.reason);
      }, { once: true });
    });
  }

  /** Moves the clock forward by `ms`, firing every timer it passes, in order. */
  advance(ms: number): Promise<Date> {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    return this.serialize(() => this.moveTo(this.now().getTime() + ms));
  }

  /** Moves the clock forward to `to`. */
  set(to: Date): Promise<Date> {
    if (to.getTime() < this.now().getTime()) throw new RangeError('the clock only moves forward');
    return this.serialize(() => this.moveTo(to.getTime()));
  }

  /** Cancels every timer (the twin is stopping). */
  stop(): void {
    this.timers = [];
    clearTimeout(this.realTimer);
  }

  private serialize(move: () => Promise<void>): Promise<Date> {
    const result = this.moving.then(move);
    this.moving = result.catch(() => {});
    return result.then(() => this.now());
  }

  private async moveTo(target: number): Promise<void> {
    for (;;) {
      await this.settle();
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.offsetMs = Math.max(this.offsetMs, next.at - Date.now());
      await this.fireDue();
    }
    this.offsetMs = Math.max(this.offsetMs, target - Date.now());
    await this.persist();
    await this.settle();
    await this.drain();
  }

  private async fireDue(): Promise<void> {
    const now = this.now().getTime();
    const due = this.timers.filter((timer) => timer.at <= now);
    this.timers = this.timers.filter((timer) => timer.at > now);
    for (const timer of due) await timer.fire();
    this.armRealTimer();
  }

  private armRealTimer(): void {
    clearTimeout(this.realTimer);
    const next = this.timers[0];
    if (!next) return;
    const delay = Math.min(Math.max(0, next.at - this.now().getTime()), maxRealDelayMs);
    this.realTimer = setTimeout(() => void this.serialize(() => this.fireDue()), delay);
    this.realTimer.unref();
  }

  private async persist(): Promise<void> {
    if (!this.stateFile) return;
    await mkdir(dirname(this.stateFile), { recursive: true });
    await writeFile(this.stateFile, JSON.stringify({ offsetMs: this.offsetMs }));
  }
}

/** ISO 8601 durations as the control route takes them: PnDTnHnMnS (weeks and days, no months). */
export function parseDuration(text: string): number {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) throw new RangeError(`not an ISO 8601 duration: ${text}`);
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  return ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}
