/**
 * In-loan monitoring alerts in the platform table. Keys live here only:
 * - ALERT / {raisedAt}#{alertId}: the alert (listing: one query, newest first);
 * - ALERT#ID / {alertId}: the claim that makes each alert once (deterministic ids:
 *   rapid-withdrawal:{withdrawalId}, large-transfers:{userId}:{date});
 * - MONITOR#{userId} / DAY#{date}: the day's large withdrawals (a set of ids, so a
 *   retried withdrawal counts once).
 * Monitoring never blocks the money movement it watches: a failure here is logged and
 * the withdrawal goes on.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { businessDate, platformTimeZone } from '../../core/calendar';
import { isLargeTransfer, isRapidWithdrawal, reachesLargeTransferThreshold } from '../../core/monitoring';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryUpTo } from './client';
import { decodeCursor, encodeCursor } from './page-cursor';
import { borrowerLoans } from './loan-application-repository';
import { policy } from '../../settings/settings';

import type { AlertKind } from '../../core/monitoring';

export { alertKinds, type AlertKind } from '../../core/monitoring';

export interface Alert {
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly userId: string;
  readonly loanId?: string;
  readonly raisedAt: string;
  /** Figures only, never personal data. */
  readonly detail: Readonly<Record<string, string | number>>;
}

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
  const startKey = cursor === undefined ? undefined : decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === 'ALERT');
  const { items, last } = await queryUpTo(
    { TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'ALERT' }, ScanIndexForward: false, ...(startKey ? { ExclusiveStartKey: startKey } : {}) },
    limit,
  );
  return { alerts: items.map(({ pk: _pk, sk: _sk, ...alert }) => alert as unknown as Alert), ...(last ? { nextCursor: encodeCursor(last) } : {}) };
}

/** Counts a large withdrawal once into the user's day; returns the day's count, or undefined when it was counted before. */
async function countLargeWithdrawal(userId: string, date: string, withdrawalId: string, at: Date): Promise<number | undefined> {
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

/** The hook in requestWithdrawal: raises the alerts a withdrawal calls for. Never throws. */
export async function monitorWithdrawal(userId: string, withdrawalId: string, amountFen: number, at: Date): Promise<void> {
  try {
    const loans = (await borrowerLoans(userId)) as unknown as Array<{ loanId: string; disbursedAt?: string; disbursement?: { toBorrowerFen?: number } }>;
    const latest = loans.filter((loan) => loan.disbursedAt).sort((a, b) => (a.disbursedAt! < b.disbursedAt! ? 1 : -1))[0];
    const receivedFen = latest?.disbursement?.toBorrowerFen ?? 0;
    if (latest?.disbursedAt && isRapidWithdrawal({ disbursedAt: latest.disbursedAt, receivedFen, withdrawalFen: amountFen, at, share: policy.rapidWithdrawalShare(), minutes: policy.rapidWithdrawalMinutes() })) {
      await raiseAlert({
        alertId: `rapid-withdrawal:${withdrawalId}`,
        kind: 'RAPID_WITHDRAWAL_AFTER_DISBURSEMENT',
        userId,
        loanId: latest.loanId,
        raisedAt: at.toISOString(),
        detail: { withdrawalFen: amountFen, disbursedFen: receivedFen, disbursedAt: latest.disbursedAt, minutesAfter: Math.floor((at.getTime() - new Date(latest.disbursedAt).getTime()) / 60_000) },
      });
    }
    if (isLargeTransfer(amountFen, policy.largeTransferFen())) {
      const date = businessDate(at, platformTimeZone);
      const count = await countLargeWithdrawal(userId, date, withdrawalId, at);
      if (count !== undefined && reachesLargeTransferThreshold(count, policy.largeTransfersPerDay())) {
        await raiseAlert({ alertId: `large-transfers:${userId}:${date}`, kind: 'MANY_LARGE_TRANSFERS', userId, raisedAt: at.toISOString(), detail: { businessDate: date, largeTransfers: count, thresholdFen: policy.largeTransferFen() } });
      }
    }
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', component: 'monitoring', withdrawalId, error: String(error) }));
  }
}
