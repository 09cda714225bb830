/**
 * Wraps a scheduled job's work: parses the schedule's input, claims the scheduled
 * time in the run log, runs the work once, records its summary. A second delivery
 * for the same scheduled time reports `alreadyRan` and does nothing.
 */
import * as z from 'zod';
import { now } from '../adapters/clock';
import { claimScheduledRun, completeScheduledRun } from '../adapters/schedule-runs';

/** What EventBridge Scheduler (and the twin's scheduler) sends: the occurrence's time. */
const scheduleInput = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });

export interface JobOutcome {
  readonly schedule: string;
  readonly scheduledTime: string;
  readonly alreadyRan: boolean;
  readonly summary?: Record<string, unknown>;
}

export function scheduledJob(name: string, work: (scheduledTime: Date) => Promise<Record<string, unknown>>) {
  return async (event: unknown): Promise<JobOutcome> => {
    const scheduledTime = new Date(scheduleInput.parse(event).scheduledTime).toISOString();
    if (!(await claimScheduledRun(name, scheduledTime, now()))) return { schedule: name, scheduledTime, alreadyRan: true };
    const summary = await work(new Date(scheduledTime));
    await completeScheduledRun(name, scheduledTime, now(), summary);
    return { schedule: name, scheduledTime, alreadyRan: false, summary };
  };
}
