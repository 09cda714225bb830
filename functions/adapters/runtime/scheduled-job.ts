/**
 * Wraps a scheduled job's work: parses the schedule's input, claims the scheduled
 * time in the run log, runs the work once, records its summary. A second delivery
 * for the same scheduled time reports `alreadyRan` and does nothing.
 */
import * as z from 'zod';
import { now } from './clock';
import { withRequestContext } from './request-context';
import { claimScheduledRun, completeScheduledRun } from '../dynamodb/schedule-run-repository';

/** What EventBridge Scheduler (and the twin's scheduler) sends: the occurrence's time. */
const scheduleInput = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });

export interface JobOutcome {
  readonly schedule: string;
  readonly scheduledTime: string;
  readonly alreadyRan: boolean;
  readonly summary?: Record<string, unknown>;
}

/** The request id of a scheduled run: the schedule and the occurrence's time. */
export const scheduledRunId = (name: string, scheduledTime: string): string => `${name}@${scheduledTime}`;

export function scheduledJob(name: string, work: (scheduledTime: Date) => Promise<Record<string, unknown>>) {
  return async (event: unknown): Promise<JobOutcome> => {
    const scheduledTime = new Date(scheduleInput.parse(event).scheduledTime).toISOString();
    // Every write of the run says `schedule:{name}` and the run (the same id for every delivery of the occurrence).
    return withRequestContext({ actor: `schedule:${name}`, requestId: scheduledRunId(name, scheduledTime) }, async () => {
      if (!(await claimScheduledRun(name, scheduledTime, now()))) return { schedule: name, scheduledTime, alreadyRan: true };
      const summary = await work(new Date(scheduledTime));
      await completeScheduledRun(name, scheduledTime, now(), summary);
      return { schedule: name, scheduledTime, alreadyRan: false, summary };
    });
  };
}
