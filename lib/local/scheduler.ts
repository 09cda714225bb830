/**
 * The twin's scheduler: fires the shared schedules (functions/manifest/schedules.ts) by the
 * twin's clock, each occurrence in its time zone, with the input EventBridge
 * Scheduler sends ({"scheduledTime": …}). Advancing the clock over several
 * occurrences fires each of them, in order. Like EventBridge Scheduler's schedule
 * state, a DISABLED schedule lets its occurrences pass unfired (none is made up when it
 * is enabled again); running it by hand still works.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ScheduleDefinition } from '../../functions/manifest/schedules';
import type { TwinClock } from './clock';
import type { LocalFunctions } from './functions';
import { errorName, silentTwinLog, type TwinLog } from './twin-log';

export interface ScheduleFiring {
  readonly schedule: string;
  readonly scheduledTime: string;
  readonly outcome?: unknown;
  readonly error?: string;
}

export type ScheduleState = 'ENABLED' | 'DISABLED';

export class LocalScheduler {
  private readonly cancels: Array<() => void> = [];
  readonly firings: ScheduleFiring[] = [];
  private readonly disabled = new Set<string>();

  constructor(
    private readonly schedules: readonly ScheduleDefinition[],
    private readonly clock: TwinClock,
    private readonly functions: LocalFunctions,
    private readonly log: TwinLog = silentTwinLog,
  ) {}

  start(): void {
    for (const schedule of this.schedules) this.arm(schedule);
  }

  stop(): void {
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  /** PUT /_twin/schedules/{name} {"state": …}: a disabled schedule's occurrences pass unfired. */
  setState(name: string, state: ScheduleState): void {
    this.definition(name);
    if (state === 'DISABLED') this.disabled.add(name);
    else this.disabled.delete(name);
    this.log('schedule.state', { schedule: name, state });
  }

  stateOf(name: string): ScheduleState {
    return this.disabled.has(name) ? 'DISABLED' : 'ENABLED';
  }

  /** Fires a schedule now (POST /_twin/schedules/{name}/run). */
  runNow(name: string): Promise<ScheduleFiring> {
    return this.fire(this.definition(name), this.clock.now());
  }

  private definition(name: string): ScheduleDefinition {
    const schedule = this.schedules.find((candidate) => candidate.name === name);
    if (!schedule) throw new RangeError(`no schedule ${name}`);
    return schedule;
  }

  private arm(schedule: ScheduleDefinition): void {
    const next = nextOccurrence(schedule, this.clock.now());
    this.cancels.push(
      this.clock.at(next, async () => {
        if (!this.disabled.has(schedule.name)) await this.fire(schedule, next);
        this.arm(schedule);
      }),
    );
  }

  private async fire(schedule: ScheduleDefinition, scheduledTime: Date): Promise<ScheduleFiring> {
    const base = { schedule: schedule.name, scheduledTime: scheduledTime.toISOString() };
    let firing: ScheduleFiring;
    const started = performance.now();
    const tookMs = () => Math.round(performance.now() - started);
    try {
      firing = { ...base, outcome: await this.functions.invoke(schedule.handler, { scheduledTime: base.scheduledTime }) };
      this.log('schedule.ran', { ...base, result: 'ok', tookMs: tookMs() });
    } catch (error) {
      firing = { ...base, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      this.log('schedule.ran', { ...base, result: 'failed', error: errorName(error), tookMs: tookMs() });
    }
    this.firings.push(firing);
    if (this.firings.length > 1000) this.firings.shift();
    return firing;
  }
}

/** The first occurrence strictly after `after`, for EventBridge's cron(m h dom mon dow year). */
export function nextOccurrence(schedule: ScheduleDefinition, after: Date): Date {
  const fields = /^cron\((.+)\)$/.exec(schedule.cron)?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6 || fields[5] !== '*') throw new Error(`${schedule.name}: unsupported expression ${schedule.cron}`);
  // EventBridge numbers weekdays 1-7 from Sunday; cron-parser 0-6. Only '*' and '?' are used here.
  if (!['*', '?'].includes(fields[4] ?? '')) throw new Error(`${schedule.name}: day-of-week values are not supported by the twin`);
  const expression = fields.slice(0, 5).join(' ');
  return CronExpressionParser.parse(expression, { currentDate: after, tz: schedule.timezone }).next().toDate();
}
