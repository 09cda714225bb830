/**
 * The DynamoDB document client, built once per process. The endpoint comes from the
 * SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB on the twin), so handlers are
 * the same code on AWS and locally.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';

export const dynamodb = new DynamoDBClient({});
export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
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
