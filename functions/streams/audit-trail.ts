/**
 * Stream consumer `audit-trail` (functions/manifest/streams.ts): appends each change of an
 * audited item to the hash chain (functions/application/audit-trail.ts), in stream order.
 * A batch that cannot be appended is reported from its first audited record, which comes
 * again. This consumer opens no request context: its own writes (the AUDIT# items) are not stamped.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { now } from '../adapters/runtime/clock';
import { recordAuditTrail, type StreamChange } from '../application/audit-trail';
import { auditTrail } from '../composition/audit';

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { redeliverFrom } = await recordAuditTrail(auditTrail, (event.Records ?? []) as readonly StreamChange[], now());
  return { batchItemFailures: redeliverFrom === undefined ? [] : [{ itemIdentifier: redeliverFrom }] };
};
