/**
 * Custody records in the platform table. Keys live here only:
 *   CUSTODY_TX#{id} / TRANSACTION          a deposit (dep_…) or withdrawal (wdr_…) and its state;
 *                                          in the byOwner index under USER#{userId}#CUSTODY_TX,
 *                                          sorted by `${createdAt}#${id}` (newest first when read backwards)
 *   CUSTODY_EVENT#{eventId} / EVENT        a bank callback event, claimed by a conditional write
 *   CUSTODY_BOOK#{businessDate} / {instructionId}#{direction}
 *                                          the platform's side of the bank's movements, by the
 *                                          business date the bank executed them (for reconciliation);
 *                                          a transfer's lines are {instructionId}#{subAccountId}#{direction}
 *   USER#{userId} / CUSTODY                totals deposited and withdrawn
 *   RECONCILIATION#{businessDate} / REPORT the day's reconciliation report
 *   CUSTODY_CALLBACKS / ACTIVITY           the ids of callbacks being applied now and a count of
 *                                          every claim and completion (one item, plain updates:
 *                                          set operations are idempotent, so a redelivery or a
 *                                          crash between two writes never leaves it wrong)
 * and the profile's `custodyAccount` attribute (USER#{userId} / PROFILE).
 */
import { BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { PlatformMovement } from '../../core/reconciliation';
import { config } from '../../settings/settings';
import { decodeCursor, encodeCursor } from './page-cursor';
import { documents, firstConditionFailed, isConditionFailure, queryAll, queryUpTo } from './client';
import { userKey, type CustodyAccountSummary } from './user-repository';
import type { StatementLineType, CustodyTransaction, Settlement, BookedTransfer, ReconciliationReport, CallbackActivity } from '../../application/ports/custody-records';

export type { StatementLineType, TransferPurpose, CustodyTransaction, Settlement, BookedTransferLeg, ReconciliationReport } from '../../application/ports/custody-records';




const transactionKey = (id: string) => ({ pk: `CUSTODY_TX#${id}`, sk: 'TRANSACTION' });
const eventKey = (eventId: string) => ({ pk: `CUSTODY_EVENT#${eventId}`, sk: 'EVENT' });
const bookKey = (date: string, instructionId: string, direction: string) => ({ pk: `CUSTODY_BOOK#${date}`, sk: `${instructionId}#${direction}` });
const totalsKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'CUSTODY' });
const reportKey = (date: string) => ({ pk: `RECONCILIATION#${date}`, sk: 'REPORT' });
const activityKey = { pk: 'CUSTODY_CALLBACKS', sk: 'ACTIVITY' };
const ownerPartition = (userId: string) => `USER#${userId}#CUSTODY_TX`;

function fromItem(item: Record<string, unknown>): CustodyTransaction {
  const { pk: _pk, sk: _sk, ownerPk: _ownerPk, ownerSk: _ownerSk, ...transaction } = item;
  return transaction as unknown as CustodyTransaction;
}

/** Records a new PENDING transaction; if the id exists, returns what is there instead. */
export async function createTransaction(transaction: CustodyTransaction): Promise<{ created: boolean; transaction: CustodyTransaction }> {
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: {
          ...transactionKey(transaction.transactionId),
          ...transaction,
          ownerPk: ownerPartition(transaction.userId),
          ownerSk: `${transaction.createdAt}#${transaction.transactionId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { created: true, transaction };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const existing = await findTransaction(transaction.transactionId);
  if (!existing) throw new Error(`custody transaction ${transaction.transactionId} vanished`);
  return { created: false, transaction: existing };
}

export async function findTransaction(id: string): Promise<CustodyTransaction | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: transactionKey(id), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}


/**
 * Moves a PENDING transaction to CONFIRMED or FAILED, once. A confirmation also
 * writes the day-book line and adds to the user's totals, in the same transaction.
 * Returns false when the transaction had already left PENDING.
 */
export async function settleTransaction(settlement: Settlement): Promise<boolean> {
  const { transaction, outcome } = settlement;
  const TableName = config.tableName();
  const statusUpdate = {
    Update: {
      TableName,
      Key: transactionKey(transaction.transactionId),
      UpdateExpression: 'SET #status = :outcome, updatedAt = :at, settledAt = :settledAt, bankEventId = :eventId' + (settlement.reason ? ', failureReason = :reason' : ''),
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':outcome': outcome,
        ':pending': 'PENDING',
        ':at': settlement.at.toISOString(),
        ':settledAt': settlement.settledAt,
        ':eventId': settlement.eventId,
        ...(settlement.reason ? { ':reason': settlement.reason } : {}),
      },
    },
  };
  const direction = transaction.type === 'deposit' ? 'CREDIT' : 'DEBIT';
  const items =
    outcome === 'FAILED'
      ? [statusUpdate]
      : [
          statusUpdate,
          {
            Put: {
              TableName,
              Item: {
                ...bookKey(settlement.businessDate, transaction.transactionId, direction),
                instructionId: transaction.transactionId,
                operation: transaction.type === 'deposit' ? 'DEPOSIT' : 'WITHDRAWAL',
                userId: transaction.userId,
                subAccountId: transaction.subAccountId,
                direction,
                amountFen: transaction.amountFen,
                occurredAt: settlement.settledAt,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName,
              Key: totalsKey(transaction.userId),
              UpdateExpression: `SET userId = :user ADD ${transaction.type === 'deposit' ? 'totalDepositedFen' : 'totalWithdrawnFen'} :amount`,
              ExpressionAttributeValues: { ':user': transaction.userId, ':amount': transaction.amountFen },
            },
          },
        ];
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items as never, ClientRequestToken: randomUUID() }));
    return true;
  } catch (error) {
    if (firstConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Claims a callback event: 'new' the first time, 'processed' once it was completed, 'retry'
 * while it was claimed but not completed. Unless it was processed, the event is in flight
 * from here until `completeEvent`.
 */
export async function claimEvent(eventId: string, type: string, instructionId: string, at: Date): Promise<'new' | 'processed' | 'retry'> {
  let claim: 'new' | 'retry' = 'new';
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...eventKey(eventId), eventId, type, instructionId, receivedAt: at.toISOString(), state: 'RECEIVED' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: eventKey(eventId), ConsistentRead: true }));
    if (Item?.state === 'PROCESSED') return 'processed';
    claim = 'retry';
  }
  await noteActivity('ADD', eventId);
  return claim;
}

/** Marks the event processed. It leaves the in-flight set first: a crash in between leaves it RECEIVED, and the redelivery claims it again. */
export async function completeEvent(eventId: string, at: Date, result: string): Promise<void> {
  await noteActivity('DELETE', eventId);
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: eventKey(eventId),
      UpdateExpression: 'SET #state = :processed, processedAt = :at, #result = :result',
      ExpressionAttributeNames: { '#state': 'state', '#result': 'result' },
      ExpressionAttributeValues: { ':processed': 'PROCESSED', ':at': at.toISOString(), ':result': result },
    }),
  );
}

async function noteActivity(operation: 'ADD' | 'DELETE', eventId: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: activityKey,
      UpdateExpression: operation === 'ADD' ? 'ADD changes :one, inFlight :event' : 'ADD changes :one DELETE inFlight :event',
      ExpressionAttributeValues: { ':one': 1, ':event': new Set([eventId]) },
    }),
  );
}

export async function callbackActivity(): Promise<CallbackActivity> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: activityKey, ConsistentRead: true }));
  return { inFlight: (Item?.inFlight as Set<string> | undefined)?.size ?? 0, changes: Number(Item?.changes ?? 0) };
}

/** Stores the bank's sub-account on the profile, unless one is there already; returns the one that is. */
export async function storeCustodyAccount(userId: string, account: CustodyAccountSummary): Promise<CustodyAccountSummary> {
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: userKey(userId),
        UpdateExpression: 'SET custodyAccount = :account',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(custodyAccount)',
        ExpressionAttributeValues: { ':account': account },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (Attributes?.custodyAccount as CustodyAccountSummary | undefined) ?? account;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: userKey(userId), ConsistentRead: true }));
  const stored = Item?.custodyAccount as CustodyAccountSummary | undefined;
  if (!stored) throw new Error(`user ${userId} has no profile to hold a custody account`);
  return stored;
}

export async function custodyTotals(userId: string): Promise<{ depositedFen: number; withdrawnFen: number }> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: totalsKey(userId), ConsistentRead: true }));
  return { depositedFen: (Item?.totalDepositedFen as number | undefined) ?? 0, withdrawnFen: (Item?.totalWithdrawnFen as number | undefined) ?? 0 };
}

export interface TransactionPage {
  readonly items: readonly CustodyTransaction[];
  readonly nextCursor?: string;
}

/**
 * A user's statement (deposits, withdrawals, transfers), newest first, from the byOwner index: an
 * optional type, an optional [from, to) range of createdAt instants, an opaque cursor.
 */
export async function listTransactions(
  userId: string,
  options: { type?: StatementLineType | undefined; fromIso?: string | undefined; toIso?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<TransactionPage> {
  const ownerPk = ownerPartition(userId);
  const startKey = options.cursor === undefined ? undefined : await decodeCursor(options.cursor, ['pk', 'sk', 'ownerPk', 'ownerSk'], (key) => key.ownerPk === ownerPk);
  const range =
    options.fromIso !== undefined || options.toIso !== undefined
      ? { condition: ' AND ownerSk BETWEEN :low AND :high', values: { ':low': options.fromIso ?? '0', ':high': options.toIso ?? '9' } }
      : { condition: '', values: {} };
  const { items, last } = await queryUpTo(
    {
      TableName: config.tableName(),
      IndexName: 'byOwner',
      KeyConditionExpression: `ownerPk = :owner${range.condition}`,
      ...(options.type ? { FilterExpression: '#type = :type', ExpressionAttributeNames: { '#type': 'type' } } : {}),
      ExpressionAttributeValues: { ':owner': ownerPk, ...range.values, ...(options.type ? { ':type': options.type } : {}) },
      ScanIndexForward: false,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    },
    options.limit,
  );
  return { items: items.map(fromItem), ...(last ? { nextCursor: await encodeCursor(last) } : {}) };
}

/** The platform's movements the bank executed on a business date (its day book). */
export async function dayBook(date: string): Promise<Array<PlatformMovement & { userId: string }>> {
  const lines = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CUSTODY_BOOK#${date}` }, ConsistentRead: true });
  return lines.map((item) => ({
    instructionId: item.instructionId as string,
    operation: item.operation as string,
    userId: item.userId as string,
    subAccountId: item.subAccountId as string,
    direction: item.direction as 'CREDIT' | 'DEBIT',
    amountFen: item.amountFen as number,
  }));
}


/**
 * The day-book lines of a transfer instruction the bank confirmed: per sub-account and
 * direction, the sum of its legs (as the reconciliation matches them). Lines have
 * deterministic keys and contents, so recording them again changes nothing. A user's
 * line is also a line of their statement (the byOwner index: GET /v1/me/transactions);
 * the platform's fee account has none.
 */
export async function recordTransferBook(transfer: BookedTransfer): Promise<void> {
  const lines = new Map<string, { subAccountId: string; userId: string; direction: 'CREDIT' | 'DEBIT'; amountFen: number }>();
  const add = (subAccountId: string, userId: string, direction: 'CREDIT' | 'DEBIT', amountFen: number) => {
    const line = lines.get(`${subAccountId}#${direction}`) ?? { subAccountId, userId, direction, amountFen: 0 };
    lines.set(`${subAccountId}#${direction}`, { ...line, amountFen: line.amountFen + amountFen });
  };
  for (const leg of transfer.legs) {
    add(leg.fromSubAccount, leg.fromUserId, 'DEBIT', leg.amountFen);
    add(leg.toSubAccount, leg.toUserId, 'CREDIT', leg.amountFen);
  }
  let requests = [...lines].map(([lineKey, line]) => ({
    PutRequest: {
      Item: {
        pk: `CUSTODY_BOOK#${transfer.businessDate}`,
        sk: `${transfer.instructionId}#${lineKey}`,
        instructionId: transfer.instructionId,
        operation: 'TRANSFER',
        userId: line.userId,
        subAccountId: line.subAccountId,
        direction: line.direction,
        amountFen: line.amountFen,
        occurredAt: transfer.occurredAt,
        ...(line.userId === 'platform'
          ? {}
          : {
              ownerPk: ownerPartition(line.userId),
              ownerSk: `${transfer.occurredAt}#${transfer.instructionId}#${line.direction}`,
              transactionId: transfer.instructionId,
              type: line.direction === 'CREDIT' ? 'transfer-in' : 'transfer-out',
              status: 'CONFIRMED',
              purpose: transfer.purpose,
              loanId: transfer.loanId,
              createdAt: transfer.occurredAt,
              updatedAt: transfer.occurredAt,
              settledAt: transfer.occurredAt,
            }),
      },
    },
  }));
  while (requests.length > 0) {
    const batch = requests.slice(0, 25);
    const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: { [config.tableName()]: batch } }));
    const unprocessed = (UnprocessedItems?.[config.tableName()] ?? []) as typeof requests;
    // Throttled writes come back unprocessed: back off a little before sending them again.
    if (unprocessed.length > 0) await new Promise((wake) => setTimeout(wake, 100));
    requests = [...unprocessed, ...requests.slice(25)];
  }
}


export async function saveReconciliationReport(report: ReconciliationReport): Promise<void> {
  await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...reportKey(report.businessDate), ...report } }));
}

export async function findReconciliationReport(date: string): Promise<ReconciliationReport | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: reportKey(date), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...report } = Item;
  return report as ReconciliationReport;
}
