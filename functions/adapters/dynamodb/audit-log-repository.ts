/**
 * The audit log in the platform table. Keys live here only:
 *   AUDIT#HEAD / HEAD                  the chain's head: last sequence, its hash and time
 *   AUDIT#CHAIN / {at}#{sequence:12}   one event (its fields as attributes); `at` never goes
 *                                      back along the chain, so the sort key orders events by
 *                                      sequence and a time range is one key range
 *   AUDIT#STREAM#{eventID} / APPENDED  the stream record was appended (redelivery → skip;
 *                                      TTL after 7 days, the stream keeps records 24 hours)
 *   AUDIT#VERIFIED / CHECKPOINT        the last event the daily verification found sound
 *                                      (application/audit-verification.ts)
 * Events are appended in one TransactWriteItems per run of records: the head moves from
 * sequence n to n+k on the condition that it is still n (two writers can never fork the
 * chain), each event and each marker on the condition that it is new.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditCheckpoint } from '../../application/ports/audit-checkpoint';
import { nextEvent, type AuditEvent, type AuditEventBody, type ChainHead } from '../../core/audit-chain';
import { ConcurrentModificationError } from '../../core/errors';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryPages, queryUpTo } from './client';
import { decodeCursor, encodeCursor } from './page-cursor';

export const headKey = { pk: 'AUDIT#HEAD', sk: 'HEAD' } as const;
export const chainPartition = 'AUDIT#CHAIN';
export const eventSortKey = (event: Pick<AuditEvent, 'at' | 'sequence'>): string => `${event.at}#${String(event.sequence).padStart(12, '0')}`;
const markerKey = (streamEventId: string) => ({ pk: `AUDIT#STREAM#${streamEventId}`, sk: 'APPENDED' });

/** Events per transaction: the head, then an event and a marker each (≤ 100 items). */
const runLength = 25;
const maxAttempts = 30;
/** Markers outlive the stream's records (kept 24 hours) by far; then TTL removes them. */
const markerRetentionSeconds = 7 * 24 * 3600;

export async function readHead(consistent = true): Promise<ChainHead | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: headKey, ConsistentRead: consistent }));
  if (!Item) return undefined;
  return { sequence: Number(Item.sequence), hash: String(Item.hash), at: String(Item.at) };
}

/**
 * Appends the events of these bodies in order, skipping those whose stream record was
 * appended already. Returns how many were appended now.
 */
export async function appendAuditEvents(bodies: readonly AuditEventBody[], at: Date): Promise<number> {
  let appended = 0;
  const unique = [...new Map(bodies.map((body) => [body.streamEventId, body])).values()];
  for (let start = 0; start < unique.length; start += runLength) appended += await appendRun(unique.slice(start, start + runLength), at);
  return appended;
}

async function appendRun(run: readonly AuditEventBody[], at: Date): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const done = await appendedAlready(run.map((body) => body.streamEventId));
    const pending = run.filter((body) => !done.has(body.streamEventId));
    if (pending.length === 0) return 0;
    const head = await readHead();
    const events: AuditEvent[] = [];
    for (const body of pending) events.push(nextEvent(events[events.length - 1] ?? head, body, at));
    const last = events[events.length - 1]!;
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: config.tableName(),
                Item: { ...headKey, sequence: last.sequence, hash: last.hash, at: last.at },
                ConditionExpression: head ? '#sequence = :expected' : 'attribute_not_exists(pk)',
                ...(head ? { ExpressionAttributeNames: { '#sequence': 'sequence' }, ExpressionAttributeValues: { ':expected': head.sequence } } : {}),
              },
            },
            ...events.map((event) => ({
              Put: { TableName: config.tableName(), Item: { pk: chainPartition, sk: eventSortKey(event), ...event }, ConditionExpression: 'attribute_not_exists(pk)' },
            })),
            ...events.map((event) => ({
              Put: { TableName: config.tableName(), Item: { ...markerKey(event.streamEventId), sequence: event.sequence, expiresAt: Math.floor(at.getTime() / 1000) + markerRetentionSeconds }, ConditionExpression: 'attribute_not_exists(pk)' },
            })),
          ],
        }),
      );
      return events.length;
    } catch (error) {
      const contended = error instanceof TransactionCanceledException || (error instanceof Error && error.name === 'TransactionConflictException');
      if (!contended) throw error;
      if (attempt >= maxAttempts) throw new ConcurrentModificationError('The audit chain kept moving; its records will be delivered again');
      // Another writer moved the head (or appended one of these records): read again and retry.
      await new Promise((wake) => setTimeout(wake, 5 * Math.min(attempt, 20) * (1 + Math.random())));
    }
  }
}

async function appendedAlready(streamEventIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let keys: Record<string, unknown>[] = streamEventIds.map(markerKey);
  for (let round = 0; keys.length > 0 && round < 10; round += 1) {
    const { Responses, UnprocessedKeys } = await documents.send(
      new BatchGetCommand({ RequestItems: { [config.tableName()]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk' } } }),
    );
    for (const item of Responses?.[config.tableName()] ?? []) found.add(String(item.pk).slice('AUDIT#STREAM#'.length));
    keys = (UnprocessedKeys?.[config.tableName()]?.Keys ?? []) as Record<string, unknown>[];
  }
  if (keys.length > 0) throw new ConcurrentModificationError('The audit markers could not be read; retry');
  return found;
}

/** The event an item holds: its event fields only (anything else on the item is not part of the event). */
export function eventOfItem(item: Record<string, unknown>): AuditEvent {
  const fields = ['sequence', 'at', 'kind', 'change', 'entity', 'before', 'after', 'who', 'requestId', 'streamEventId', 'changedAt', 'prevHash', 'hash'] as const;
  return Object.fromEntries(fields.filter((name) => item[name] !== undefined).map((name) => [name, item[name]])) as unknown as AuditEvent;
}

export interface AuditPage {
  readonly events: AuditEvent[];
  readonly nextCursor?: string;
  /** The event just before the page's first (undefined: the page starts the chain). */
  readonly previous?: AuditEvent;
}

/** Events appended in [fromIso, toIso), in chain order. */
export async function listAuditEvents(options: { fromIso?: string | undefined; toIso?: string | undefined; limit: number; cursor?: string | undefined }): Promise<AuditPage> {
  const startKey = options.cursor === undefined ? undefined : await decodeCursor(options.cursor, ['pk', 'sk'], (key) => key.pk === chainPartition);
  const { items, last } = await queryUpTo(
    {
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': chainPartition, ':low': options.fromIso ?? '0', ':high': options.toIso ?? '9' },
      ConsistentRead: true,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    },
    options.limit,
  );
  const events = items.map(eventOfItem);
  const first = items[0];
  const previous = first ? await eventBefore(String(first.sk)) : undefined;
  return { events, ...(last ? { nextCursor: await encodeCursor(last) } : {}), ...(previous ? { previous } : {}) };
}

async function eventBefore(sortKey: string): Promise<AuditEvent | undefined> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk AND sk < :sk',
      ExpressionAttributeValues: { ':pk': chainPartition, ':sk': sortKey },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items?.[0] ? eventOfItem(Items[0]) : undefined;
}

/** The events after `event` (undefined: the whole chain), page by page, in chain order. */
export async function* auditEventsAfter(event: Pick<AuditEvent, 'sequence' | 'at'> | undefined): AsyncGenerator<AuditEvent[]> {
  const query = {
    TableName: config.tableName(),
    ConsistentRead: true,
    ...(event === undefined
      ? { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': chainPartition } }
      : { KeyConditionExpression: 'pk = :pk AND sk > :after', ExpressionAttributeValues: { ':pk': chainPartition, ':after': eventSortKey(event) } }),
  };
  for await (const page of queryPages(query)) yield page.map(eventOfItem);
}

const checkpointKey = { pk: 'AUDIT#VERIFIED', sk: 'CHECKPOINT' } as const;

export async function readCheckpoint(): Promise<AuditCheckpoint | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: checkpointKey, ConsistentRead: true }));
  if (!Item) return undefined;
  return { sequence: Number(Item.sequence), hash: String(Item.hash), at: String(Item.at), verifiedAt: String(Item.verifiedAt) };
}

/** Forward only: a checkpoint at or beyond this one stays. */
export async function saveCheckpoint(checkpoint: AuditCheckpoint): Promise<void> {
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...checkpointKey, ...checkpoint },
        ConditionExpression: 'attribute_not_exists(pk) OR #sequence < :sequence',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':sequence': checkpoint.sequence },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
