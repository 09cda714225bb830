/**
 * Collection reminders (催收提醒), daily at 10:00 Asia/Shanghai (the twin: POST
 * /_twin/schedules/collection-reminders/run at any twin time): one SMS a loan a day in
 * the 1–30 day tier, 08:00–21:00 borrower time, naming the borrower by masked name only
 * (functions/application/collection-reminders.ts).
 */
import { sendReminders } from '../composition/servicing-operations';
import { scheduledJob } from '../adapters/runtime/scheduled-job';

export const handler = scheduledJob('collection-reminders', (scheduledTime) => sendReminders(scheduledTime));
