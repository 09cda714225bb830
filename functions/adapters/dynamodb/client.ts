/**
 * The DynamoDB document client, built once per process. The endpoint comes from the
 * SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB on the twin), so handlers are
 * the same code on AWS and locally.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { now } from '../runtime/clock';
import { currentRequestContext } from '../runtime/request-context';
import { stampedWriteInput } from './write-stamp';

export const dynamodb = new DynamoDBClient({});
export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * Every write says who, on whose behalf and when (./write-stamp.ts): Put items and
 * Updates (alone, in a transaction or a batch) get `changedAt` = now() and, from the
 * request context (./request-context.ts), `changedBy` and `requestId`. The one place
 * where items are stamped; the table stream carries the stamps to the audit trail.
 * (The document client shares the low-level client's stack: one middleware for both.)
 */
documents.middlewareStack.add(
  (next, context) => async (args) => {
    const request = currentRequestContext();
    const stamped = stampedWriteInput(context.commandName, args.input, { changedAt: now().toISOString(), changedBy: request?.actor, requestId: request?.requestId });
    return next(stamped === undefined ? args : { ...args, input: stamped as typeof args.input });
  },
  { step: 'initialize', name: 'writeStampMiddleware', override: true },
);

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Whether a cancelled transaction's first item's condition is what failed (e.g. the item it creates exists). */
export function firstConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'TransactionCanceledException' && (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
}

type Item = Record<string, unknown>;

/** Sees each page as DynamoDB returned it (e.g. to count what a query read). */
export type PageObserver = (page: QueryCommandOutput) => void;

/** Every page of a query, in order, following LastEvaluatedKey to the end. */
export async function* queryPages(input: QueryCommandInput, observe?: PageObserver): AsyncGenerator<Item[]> {
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await documents.send(new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    observe?.(page);
    yield page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** BatchGetItem's limit of keys per request. */
const batchGetLimit = 100;

/** What a batch read asks for: strongly consistent (the default) or not, and the attributes it returns. */
export interface BatchGetOptions {
  readonly consistentRead?: boolean;
  readonly projection?: { readonly expression: string; readonly names?: Record<string, string> };
}

/**
 * The items of `keys` that exist, in as few round trips as BatchGetItem allows: 100 keys
 * a request, the unprocessed keys asked again.
 */
export async function batchGetAll(tableName: string, keys: readonly Item[], options: BatchGetOptions = {}): Promise<Item[]> {
  const { consistentRead = true, projection } = options;
  const items: Item[] = [];
  for (let start = 0; start < keys.length; start += batchGetLimit) {
    let pending: Item[] | undefined = keys.slice(start, start + batchGetLimit);
    while (pending && pending.length > 0) {
      const answer = await documents.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: consistentRead,
              ...(projection ? { ProjectionExpression: projection.expression, ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}) } : {}),
            },
          },
        }),
      );
      items.push(...(answer.Responses?.[tableName] ?? []));
      pending = answer.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
    }
  }
  return items;
}

/**
 * batchGetAll for things named by an id (users, cells): each found item under its id, each id
 * asked once; an id whose item does not exist is absent.
 */
export async function batchGetEach<Id>(tableName: string, ids: readonly Id[], keyOf: (id: Id) => { pk: string; sk: string }): Promise<Map<Id, Item>> {
  const keyed = [...new Set(ids)].map((id) => ({ id, key: keyOf(id) }));
  const items = await batchGetAll(tableName, keyed.map(({ key }) => key));
  const found = new Map(items.map((item) => [`${String(item.pk)}\n${String(item.sk)}`, item]));
  return new Map(keyed.flatMap(({ id, key }) => {
    const item = found.get(`${key.pk}\n${key.sk}`);
    return item ? [[id, item] as const] : [];
  }));
}

/** Every item of a query. */
export async function queryAll(input: QueryCommandInput, observe?: PageObserver): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(input, observe)) items.push(...page);
  return items;
}

/**
 * Up to `limit` items that `accept` keeps (a filter expression may return short pages:
 * it reads on until the page is full or the query ends). `last` is where the next page
 * of the list starts, if any.
 */
export async function queryUpTo(input: QueryCommandInput, limit: number, accept: (item: Item) => boolean = () => true): Promise<{ items: Item[]; last: Item | undefined }> {
  const items: Item[] = [];
  let startKey = input.ExclusiveStartKey;
  let last: Item | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...input, Limit: limit - items.length, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    for (const item of page.Items ?? []) if (accept(item)) items.push(item);
    last = page.LastEvaluatedKey;
    startKey = last;
  } while (last && items.length < limit);
  return { items, last };
}
