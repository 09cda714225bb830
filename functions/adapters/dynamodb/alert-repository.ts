/**
 * In-loan monitoring alerts in the platform table. Keys live here only:
 * - ALERT / {raisedAt}#{alertId}: the alert (listing: one query, newest first);
 * - ALERT#ID / {alertId}: the claim that makes each alert once (deterministic ids:
 *   rapid-withdrawal:{withdrawalId}, large-transfers:{userId}:{date});
 * - MONITOR#{userId} / DAY#{date}: the day's large withdrawals (a set of ids, so a
 *   retried withdrawal counts once).
 * The rules that raise them: functions/application/withdrawal-monitoring.ts.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '../../core/monitoring';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryUpTo } from './client';

export { alertKinds, type Alert, type AlertKind } from '../../core/monitoring';
import { decodeCursor, encodeCursor } from './page-cursor';

export async function raiseAlert(alert: Alert): Promise<boolean> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: config.tableName(), Item: { pk: 'ALERT#ID', sk: alert.alertId, raisedAt: alert.raisedAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: config.tableName(), Item: { pk: 'ALERT', sk: `${alert.raisedAt}#${alert.alertId}`, ...alert } } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
    throw error;
  }
}

export async function listAlerts(limit: number, cursor: string | undefined): Promise<{ alerts: Alert[]; nextCursor?: string }> {
  const startKey = cursor === undefined ? undefined : await decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === 'ALERT');
  const { items, last } = await queryUpTo(
    { TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ALERT' }, ScanIndexForward: false, ...(startKey ? { ExclusiveStartKey: startKey } : {}) },
    limit,
  );
  return { alerts: items.map(({ pk: _pk, sk: _sk, ...alert }) => alert as unknown as Alert), ...(last ? { nextCursor: await encodeCursor(last) } : {}) };
}

/** Counts a large withdrawal once into the user's day; returns the day's count, or undefined when it was counted before. */
export async function countLargeWithdrawal(userId: string, date: string, withdrawalId: string, at: Date): Promise<number | undefined> {
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: { pk: `MONITOR#${userId}`, sk: `DAY#${date}` },
        UpdateExpression: 'ADD withdrawalIds :ids, largeWithdrawals :one SET updatedAt = :at',
        ConditionExpression: 'attribute_not_exists(withdrawalIds) OR NOT contains(withdrawalIds, :id)',
        ExpressionAttributeValues: { ':ids': new Set([withdrawalId]), ':one': 1, ':id': withdrawalId, ':at': at.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.largeWithdrawals as number;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
