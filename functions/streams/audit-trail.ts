/**
 * Stream consumer `audit-trail` (functions/manifest/streams.ts): turns each change of an
 * audited item (functions/core/audit-chain.ts auditedKinds) into an audit event and
 * appends it to the hash chain (functions/adapters/dynamodb/audit-log-repository.ts), in stream order.
 * At least once is fine: a record appended before is skipped by its marker. A run that
 * cannot be appended is reported from its first record, which comes again.
 * Who, which request and when come from the write's stamp on the image (changedBy,
 * requestId, changedAt: functions/adapters/dynamodb/write-stamp.ts); the record's
 * ApproximateCreationDateTime dates a change only when the image has no stamp (or on REMOVE).
 * This consumer opens no request context: its own writes (the AUDIT# items) are not stamped.
 */
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { auditEventBodyOf, type AuditEventBody, type ChangeName } from '../core/audit-chain';
import { appendAuditEvents } from '../adapters/dynamodb/audit-log-repository';
import { now } from '../adapters/runtime/clock';

/** A stream image as plain values: numbers stay numbers when exact integers, else their decimal text. */
export function plainImage(image: Record<string, AttributeValue> | undefined): Record<string, unknown> | undefined {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, plainValue(value)]));
}

function plainValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return exactNumber(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return `base64:${String(value.B)}`;
  if (value.SS !== undefined) return [...value.SS].sort();
  if (value.NS !== undefined) return [...value.NS].sort().map(exactNumber);
  if (value.BS !== undefined) return value.BS.map((bytes) => `base64:${String(bytes)}`).sort();
  if (value.L !== undefined) return value.L.map(plainValue);
  if (value.M !== undefined) return plainImage(value.M);
  return null;
}

const exactNumber = (text: string): number | string => (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text);

function bodyOf(record: DynamoDBRecord): AuditEventBody | undefined {
  const change = record.dynamodb;
  const keys = plainImage(change?.Keys);
  if (typeof keys?.pk !== 'string' || typeof keys.sk !== 'string' || !record.eventID || !record.eventName) return undefined;
  const seconds = change?.ApproximateCreationDateTime;
  return auditEventBodyOf({
    eventName: record.eventName as ChangeName,
    streamEventId: record.eventID,
    keys: { pk: keys.pk, sk: keys.sk },
    oldImage: plainImage(change?.OldImage),
    newImage: plainImage(change?.NewImage),
    changedAt: typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : undefined,
  });
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = event.Records ?? [];
  const bodies: Array<{ body: AuditEventBody; sequenceNumber: string }> = [];
  for (const record of records) {
    const body = bodyOf(record);
    if (body) bodies.push({ body, sequenceNumber: record.dynamodb?.SequenceNumber ?? '' });
  }
  if (bodies.length === 0) return { batchItemFailures: [] };
  try {
    await appendAuditEvents(
      bodies.map((entry) => entry.body),
      now(),
    );
    return { batchItemFailures: [] };
  } catch (error) {
    console.error(JSON.stringify({ level: 'ERROR', message: 'audit events not appended; the batch comes again', error: (error as Error).message }));
    // Everything from the first audited record comes again; those appended meanwhile are skipped by their markers.
    return { batchItemFailures: [{ itemIdentifier: bodies[0]!.sequenceNumber }] };
  }
};
