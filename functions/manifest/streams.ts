/**
 * Consumers of the table's stream (every change, with its old and new image), read by
 * the CDK stack (a Lambda event source mapping per consumer, in order per partition
 * key, failed batches bisected and retried, then parked in a dead-letter queue) and by
 * the twin, which polls DynamoDB Local's stream and invokes the same handlers in the
 * same order. Delivery is at least once: a consumer must be idempotent.
 *
 * A consumer's handler receives a DynamoDB stream event ({ Records: [...] }) and
 * returns { batchItemFailures: [{ itemIdentifier: <SequenceNumber> }] } for the records
 * it could not process (the record and everything after it are delivered again).
 */
import type { ResourceAccess } from '../api/route-definition';

export interface StreamConsumerDefinition {
  readonly name: string;
  readonly description: string;
  /** The handler file (functions/streams/…). */
  readonly handler: string;
  /** Records per invocation (1–1000). */
  readonly batchSize: number;
  /** What the consumer touches besides the table (every consumer reads and writes it). */
  readonly resources?: readonly ResourceAccess[];
}

export const streamConsumers: readonly StreamConsumerDefinition[] = [
  {
    name: 'audit-trail',
    description: 'Appends each change of an audited item (money movements, loans, bids, custody, users, collections…) to the hash-chained audit log',
    handler: 'functions/streams/audit-trail.ts',
    batchSize: 100,
  },
  {
    name: 'platform-figures',
    description: 'Keeps the platform figures (GET /v1/stats, the monthly disclosure): lent, outstanding, overdue, borrowers, investors, concentration, compensations, debt transfers',
    handler: 'functions/streams/platform-figures-consumer.ts',
    batchSize: 100,
  },
  {
    name: 'notices',
    description: 'Notices to users from what happens (verification, decisions, funding, disbursement, debits, overdue, distributions, withdrawals, transfers): the inbox, then SMS/email by preference outside quiet hours',
    handler: 'functions/streams/notices.ts',
    batchSize: 100,
    // Publishes notices to the notifications topic by user id (no personal data opened here).
    resources: ['notifier:sms'],
  },
];
