/**
 * Idempotency keys of API mutations: IDEMPOTENCY#{caller}#{key} / REQUEST holds the
 * request's fingerprint and, once done, its response, for a day (TTL `expiresAt`).
 * The first request claims the key with a conditional write; a later one with the
 * same fingerprint gets the stored response; with another fingerprint, a 422 (the
 * policy is the route pipeline's: functions/http/middleware/idempotency.ts, whose port
 * this module implements).
 * A claim still IN_PROGRESS a minute after it was made is abandoned (its Lambda died: a
 * route's times out after 15 s, API Gateway gives up at 30 s): the same request may
 * claim it again, so a crash does not leave its key answering 409 for a day.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../settings/settings';
import { documents, isConditionFailure } from './client';

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export type KeyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'completed'; readonly fingerprint: string; readonly response: StoredResponse }
  | { readonly kind: 'in-progress'; readonly fingerprint: string };

const retentionSeconds = 86_400;
export const abandonedAfterSeconds = 60;
const key = (scope: string, idempotencyKey: string) => ({ pk: `IDEMPOTENCY#${scope}#${idempotencyKey}`, sk: 'REQUEST' });

export async function claimIdempotencyKey(scope: string, idempotencyKey: string, fingerprint: string, at: Date): Promise<KeyClaim> {
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...key(scope, idempotencyKey), fingerprint, state: 'IN_PROGRESS', claimedAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + retentionSeconds },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND fingerprint = :fingerprint AND claimedAt < :abandonedBefore)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':fingerprint': fingerprint, ':abandonedBefore': new Date(at.getTime() - abandonedAfterSeconds * 1000).toISOString() },
      }),
    );
    return { kind: 'claimed' };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return (await readClaim(scope, idempotencyKey)) ?? claimIdempotencyKey(scope, idempotencyKey, fingerprint, at);
}

async function readClaim(scope: string, idempotencyKey: string): Promise<Exclude<KeyClaim, { kind: 'claimed' }> | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: key(scope, idempotencyKey), ConsistentRead: true }));
  if (!Item) return undefined;
  return Item.state === 'COMPLETED'
    ? { kind: 'completed', fingerprint: Item.fingerprint, response: Item.response as StoredResponse }
    : { kind: 'in-progress', fingerprint: Item.fingerprint };
}

export async function completeIdempotencyKey(scope: string, idempotencyKey: string, response: StoredResponse): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: key(scope, idempotencyKey),
      UpdateExpression: 'SET #state = :completed, #response = :response',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'COMPLETED', ':response': response },
    }),
  );
}

/** Frees a key whose request failed unexpectedly, so the client's retry can run it. */
export async function releaseIdempotencyKey(scope: string, idempotencyKey: string): Promise<void> {
  await documents.send(new DeleteCommand({ TableName: config.tableName(), Key: key(scope, idempotencyKey) }));
}
