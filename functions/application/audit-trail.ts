/**
 * The audit trail: each change of an audited item (core/audit-chain.ts auditedKinds),
 * read from the table's change stream, becomes an audit event appended to the hash
 * chain, in stream order. At least once is fine: a record appended before is skipped by
 * its marker. A run that cannot be appended is reported from its first record, which
 * comes again. Who, which request and when come from the write's stamp on the image
 * (changedBy, requestId, changedAt); the record's ApproximateCreationDateTime dates a
 * change only when the image has no stamp (or on REMOVE).
 */
import { auditEventBodyOf, type AuditEventBody, type ChangeName } from '../core/audit-chain';
import type { OperationalSignals } from './ports/operational-signals';

/** A DynamoDB attribute value as the stream delivers it (the members this trail reads). */
export interface StreamAttribute {
  readonly S?: string;
  readonly N?: string;
  readonly BOOL?: boolean;
  readonly NULL?: boolean;
  readonly B?: unknown;
  readonly SS?: readonly string[];
  readonly NS?: readonly string[];
  readonly BS?: readonly unknown[];
  readonly L?: readonly StreamAttribute[];
  readonly M?: Readonly<Record<string, StreamAttribute>>;
}

export interface StreamChange {
  readonly eventID?: string;
  readonly eventName?: string;
  readonly dynamodb?: {
    readonly SequenceNumber?: string;
    readonly ApproximateCreationDateTime?: number;
    readonly Keys?: Readonly<Record<string, StreamAttribute>>;
    readonly NewImage?: Readonly<Record<string, StreamAttribute>>;
    readonly OldImage?: Readonly<Record<string, StreamAttribute>>;
  };
}

export interface AuditTrailPorts {
  readonly auditLog: { appendAuditEvents(bodies: readonly AuditEventBody[], at: Date): Promise<number> };
  readonly signals: Pick<OperationalSignals, 'logError'>;
}

/** A stream image as plain values: numbers stay numbers when exact integers, else their decimal text. */
export function plainImage(image: Readonly<Record<string, StreamAttribute>> | undefined): Record<string, unknown> | undefined {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, plainValue(value)]));
}

function plainValue(value: StreamAttribute): unknown {
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

function bodyOf(record: StreamChange): AuditEventBody | undefined {
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

/** Appends the audited changes of a batch; the sequence number to redeliver from when they could not be appended. */
export async function recordAuditTrail(ports: AuditTrailPorts, records: readonly StreamChange[], at: Date): Promise<{ redeliverFrom?: string }> {
  const bodies: Array<{ body: AuditEventBody; sequenceNumber: string }> = [];
  for (const record of records) {
    const body = bodyOf(record);
    if (body) bodies.push({ body, sequenceNumber: record.dynamodb?.SequenceNumber ?? '' });
  }
  if (bodies.length === 0) return {};
  try {
    await ports.auditLog.appendAuditEvents(
      bodies.map((entry) => entry.body),
      at,
    );
    return {};
  } catch (error) {
    ports.signals.logError('audit events not appended; the batch comes again', { records: bodies.length, redeliverFrom: bodies[0]!.sequenceNumber, error: (error as Error).message });
    // Everything from the first audited record comes again; those appended meanwhile are skipped by their markers.
    return { redeliverFrom: bodies[0]!.sequenceNumber };
  }
}
