/**
 * Daily overdue sweep (01:00 Asia/Shanghai; the twin: POST /_twin/schedules/overdue-sweep/run):
 * penalties, ageing, collection cases, defaults and cures (functions/application/overdue-sweep.ts).
 * Idempotent: a second run on the same day changes nothing.
 */
import { sweepOverdue } from '../composition/servicing-operations';
import { scheduledJob } from '../adapters/runtime/scheduled-job';

export const handler = scheduledJob('overdue-sweep', (scheduledTime) => sweepOverdue(scheduledTime));
