/**
 * Collection cases (催收案件) in the platform table. Keys live here only:
 * - COLLECTION / CASE#{loanId}: one case per loan (stage, overdue days, bucket, the
 *   date of the last reminder), so listing every case is one query of one partition;
 * - COLLECTION#{loanId} / ACTION#{at}#{kind}: the append-only action log.
 * Each stage change is one transaction: the case's conditional update (from the
 * stage it was) with the action's Put (only if absent), so a replay adds nothing.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CollectionAction, CollectionActionKind, CollectionCase, CollectionStage } from '../../core/collection-case';
import type { OverdueBucket } from '../../core/overdue';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryUpTo } from './client';
import { decodeCursor, encodeCursor } from './page-cursor';

export { collectionActionKinds, collectionStages, type CollectionAction, type CollectionActionKind, type CollectionCase, type CollectionStage } from '../../core/collection-case';

const caseKey = (loanId: string) => ({ pk: 'COLLECTION', sk: `CASE#${loanId}` });
const actionKey = (loanId: string, at: string, kind: CollectionActionKind) => ({ pk: `COLLECTION#${loanId}`, sk: `ACTION#${at}#${kind}` });

function actionPut(action: CollectionAction) {
  return {
    Put: {
      TableName: config.tableName(),
      Item: { ...actionKey(action.loanId, action.at, action.kind), ...action },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

export async function findCollectionCase(loanId: string): Promise<CollectionCase | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: caseKey(loanId), ConsistentRead: true }));
  return Item ? (strip(Item) as unknown as CollectionCase) : undefined;
}

function isCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TransactionCanceledException' || isConditionFailure(error));
}

/** Opens the case once (with its OPENED action); false when it exists already. */
export async function openCollectionCase(opened: CollectionCase, by: string): Promise<boolean> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: config.tableName(), Item: { ...caseKey(opened.loanId), ...opened }, ConditionExpression: 'attribute_not_exists(pk)' } },
          actionPut({ loanId: opened.loanId, kind: 'OPENED', at: opened.openedAt, by, detail: { stage: opened.stage, overdueDays: opened.overdueDays } }),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isCancelled(error)) return false;
    throw error;
  }
}

/**
 * Moves the case from one of `from` to `to`, logging `action`; false when it was not in `from` (a replay).
 * With `clearAgeingAsOf` (a cure) the case's ageing is cleared as of that date: 0 overdue days, no bucket.
 */
export async function moveCollectionCase(loanId: string, from: readonly CollectionStage[], to: CollectionStage, action: CollectionAction, clearAgeingAsOf?: string): Promise<boolean> {
  const values: Record<string, unknown> = { ':to': to, ':at': action.at, ...(clearAgeingAsOf === undefined ? {} : { ':zero': 0, ':today': clearAgeingAsOf }) };
  from.forEach((stage, index) => (values[`:from${index}`] = stage));
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: config.tableName(),
              Key: caseKey(loanId),
              UpdateExpression: clearAgeingAsOf === undefined ? 'SET stage = :to, updatedAt = :at' : 'SET stage = :to, updatedAt = :at, overdueDays = :zero, asOf = :today REMOVE overdueBucket',
              ConditionExpression: `stage IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
              ExpressionAttributeValues: values,
            },
          },
          actionPut(action),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isCancelled(error)) return false;
    throw error;
  }
}

/** The case's overdue days and bucket as of `today`, once a day. */
export async function recordCaseAgeing(loanId: string, today: string, overdueDays: number, bucket: OverdueBucket | undefined, at: Date): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: caseKey(loanId),
        UpdateExpression: `SET overdueDays = :days, asOf = :today, updatedAt = :at${bucket ? ', overdueBucket = :bucket' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND asOf < :today',
        ExpressionAttributeValues: { ':days': overdueDays, ':today': today, ':at': at.toISOString(), ...(bucket ? { ':bucket': bucket } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Claims today's one reminder for the loan (at most one a day, however often the job
 * runs or how many run at once): true when this call may send it.
 */
export async function claimDailyReminder(loanId: string, today: string, at: Date): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: caseKey(loanId),
        UpdateExpression: 'SET lastReminderDate = :today, updatedAt = :at ADD remindersSent :one',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastReminderDate) OR lastReminderDate < :today)',
        ExpressionAttributeValues: { ':today': today, ':at': at.toISOString(), ':one': 1 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Appends one action (once per key). */
export async function logCollectionAction(action: CollectionAction): Promise<void> {
  try {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...actionKey(action.loanId, action.at, action.kind), ...action }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export interface CollectionCasePage {
  readonly cases: readonly CollectionCase[];
  readonly nextCursor?: string;
}

export async function listCollectionCases(limit: number, cursor: string | undefined, stage?: CollectionStage): Promise<CollectionCasePage> {
  const startKey = cursor === undefined ? undefined : await decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === 'COLLECTION' && (key.sk ?? '').startsWith('CASE#'));
  const { items, last } = await queryUpTo(
    {
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
      ExpressionAttributeValues: { ':pk': 'COLLECTION', ':case': 'CASE#' },
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    },
    limit,
    (item) => stage === undefined || item.stage === stage,
  );
  return { cases: items.map((item) => strip(item) as unknown as CollectionCase), ...(last ? { nextCursor: await encodeCursor(last) } : {}) };
}

export async function collectionActions(loanId: string): Promise<CollectionAction[]> {
  const { items } = await queryUpTo(
    { TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :action)', ExpressionAttributeValues: { ':pk': `COLLECTION#${loanId}`, ':action': 'ACTION#' }, ConsistentRead: true },
    1_000,
  );
  return items.map((item) => strip(item) as unknown as CollectionAction);
}

/**
 * Logs a repayment received on a DEFAULTED or WRITTEN_OFF loan (a recovery, 回收) on its
 * case, once per repayment id. For the servicing code to call when the bank confirms a
 * repayment of such a loan.
 */
export async function recordRecovery(loanId: string, repaymentId: string, amountFen: number, at: Date): Promise<void> {
  const collectionCase = await findCollectionCase(loanId);
  if (!collectionCase) return;
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { pk: `COLLECTION#${loanId}`, sk: `RECOVERY#${repaymentId}`, loanId, repaymentId, amountFen, at: at.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return;
    throw error;
  }
  await logCollectionAction({ loanId, kind: 'RECOVERY_RECEIVED', at: at.toISOString(), by: 'servicing', detail: { repaymentId, amountFen, stage: collectionCase.stage } });
}
