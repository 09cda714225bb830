/**
 * The platform's recurring jobs, read by the CDK stack (EventBridge Scheduler) and
 * by the twin's scheduler, which fires them by the twin's clock. Expressions use
 * EventBridge Scheduler's cron syntax: cron(minutes hours day-of-month month day-of-week year).
 */
import { platformTimeZone } from '../core/calendar';
import type { ResourceAccess } from '../api/route-definition';

export interface ScheduleDefinition {
  /** Also the twin's route name: POST /_twin/schedules/{name}/run */
  readonly name: string;
  readonly description: string;
  readonly cron: string;
  readonly timezone: string;
  /** The handler file (functions/schedules/…) the schedule invokes. */
  readonly handler: string;
  /** What the job touches besides the table (every job reads and writes it). */
  readonly resources?: readonly ResourceAccess[];
}

export const schedules: readonly ScheduleDefinition[] = [
  {
    name: 'overdue-sweep',
    description: 'Daily overdue handling: overdue installments, penalty interest, buckets, collections',
    cron: 'cron(0 1 * * ? *)',
    timezone: platformTimeZone,
    handler: 'functions/schedules/overdue-sweep.ts',
    // Pays approved risk-reserve compensations: one signed transfer instruction to the custodian bank.
    resources: ['custodian-bank:endpoint', 'custodian-bank:secret'],
  },
  {
    name: 'collection-reminders',
    description: 'Collection reminders (SMS) for loans 1–30 days overdue: only 08:00–21:00 borrower time, at most one a loan a day',
    cron: 'cron(0 10 * * ? *)',
    timezone: platformTimeZone,
    handler: 'functions/schedules/collection-reminders.ts',
    // Publishes reminders to the notifications topic (by user id; no personal data opened here).
    resources: ['notifier:sms'],
  },
  {
    name: 'notices',
    description: 'Notices: the reminder three days before each due date, and the SMS/email that quiet hours (21:00–08:00) held back',
    cron: 'cron(0 8 * * ? *)',
    timezone: platformTimeZone,
    handler: 'functions/schedules/notices.ts',
    // Publishes notices to the notifications topic (by user id; no personal data opened here).
    resources: ['notifier:sms'],
  },
  {
    name: 'daily-reconciliation',
    description: "Daily reconciliation of the platform ledger against the custodian bank's statement",
    cron: 'cron(30 2 * * ? *)',
    timezone: platformTimeZone,
    handler: 'functions/schedules/daily-reconciliation.ts',
    // A purchase whose callback was lost is settled here, and its transfer agreement signed and stored.
    resources: ['custodian-bank:endpoint', 'custodian-bank:secret', 'documents:read', 'documents:write', 'contracts:sign'],
  },
  {
    name: 'audit-verification',
    description: 'Daily verification of the audit hash chain: the events appended since the last verified one',
    cron: 'cron(0 4 * * ? *)',
    timezone: platformTimeZone,
    handler: 'functions/schedules/audit-verification.ts',
  },
  {
    name: 'monthly-disclosure',
    description: 'Monthly disclosure export for auditors and the public (figures as of the previous month end)',
    cron: 'cron(0 3 1 * ? *)',
    timezone: platformTimeZone,
    handler: 'functions/schedules/monthly-disclosure.ts',
    // Writes the export to the documents bucket (write-once; reads back only files that exist).
    resources: ['documents:read', 'documents:write'],
  },
];
