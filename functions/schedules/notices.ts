/**
 * Notices, daily at 08:00 Asia/Shanghai (the twin: POST /_twin/schedules/notices/run at
 * any twin time): the reminder three days before each due date, and the notices quiet
 * hours held back overnight (functions/application/notices.ts).
 */
import { runNoticeSchedule } from '../application/notices';
import { notices } from '../composition/notices';
import { scheduledJob } from '../adapters/runtime/scheduled-job';

export const handler = scheduledJob('notices', (scheduledTime) => runNoticeSchedule(notices, scheduledTime));
