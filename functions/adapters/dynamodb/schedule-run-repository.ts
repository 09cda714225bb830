/**
 * The run log of scheduled jobs: SCHEDULE#{name} / RUN#{scheduledTime}. A job claims
 * its scheduled time before working, so a schedule delivered twice (EventBridge
 * Scheduler is at-least-once) or fired again by hand for the same time runs once.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../settings/settings';
import { documents, isConditionFailure } from './client';

const key = (name: string, scheduledTime: string) => ({ pk: `SCHEDULE#${name}`, sk: `RUN#${scheduledTime}` });

export interface ScheduledRun {
  readonly name: string;
  readonly scheduledTime: string;
  readonly startedAt: string;
  readonly completedAt?: string;
  readonly summary?: Record<string, unknown>;
}

/** True when this call claimed the run; false when it was claimed before. */
export async function claimScheduledRun(name: string, scheduledTime: string, at: Date): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...key(name, scheduledTime), name, scheduledTime, startedAt: at.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(completedAt)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function completeScheduledRun(name: string, scheduledTime: string, at: Date, summary: Record<string, unknown>): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: key(name, scheduledTime),
      UpdateExpression: 'SET completedAt = :at, summary = :summary',
      ExpressionAttributeValues: { ':at': at.toISOString(), ':summary': summary },
    }),
  );
}

export async function findScheduledRun(name: string, scheduledTime: string): Promise<ScheduledRun | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: key(name, scheduledTime), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...run } = Item;
  return run as ScheduledRun;
}
