/**
 * Loan applications in the platform table, next to the loan items of
 * ./loan-repository.ts (LOAN#{loanId} / LOAN, the same key):
 * - the application creates the loan item with its terms, indexed by borrower
 *   (byOwner: USER#{borrowerId}#LOANS, {createdAt}#{loanId}) for the borrower's
 *   outstanding and application velocity;
 * - one open application per borrower: a marker USER#{borrowerId} / OPEN_APPLICATION
 *   written in the same transaction, removed when the application is decided;
 * - the borrower's caps: USER#{borrowerId} / BORROWING lists every loan of the borrower
 *   (`loans`: loanId → amountFen) with a `version` that each application raises in its
 *   transaction, on condition it is still the version the caps were checked at; a loan's
 *   settling only lowers what the caps count, so that one condition keeps them;
 * - the reviewers' queue: loans waiting for a reviewer carry marketplacePk = REVIEW
 *   (a sparse partition of the marketplace index), sorted by when they entered it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, NotFoundError } from '../../core/errors';
import { OpenApplicationExistsError } from '../../core/loan-application';
import type { RiskReview } from '../../core/risk-rules';
import { config } from '../../settings/settings';
import { decodeCursor, encodeCursor } from './page-cursor';
import { documents, isConditionFailure, queryAll, queryUpTo } from './client';
import type { LoanApplicationRecord, NewApplication } from '../../core/loan-application';
import type { LoanRecord } from '../../core/loan-lifecycle';
export { platformOutstandingFen, type ApplicationTerms, type LoanApplicationRecord, type NewApplication } from '../../core/loan-application';

/** The loan item's key, as ./loan-repository.ts writes it. */
const loanKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'LOAN' });
const markerKey = (borrowerId: string) => ({ pk: `USER#${borrowerId}`, sk: 'OPEN_APPLICATION' });
const borrowingKey = (borrowerId: string) => ({ pk: `USER#${borrowerId}`, sk: 'BORROWING' });
const ownerPartition = (borrowerId: string) => `USER#${borrowerId}#LOANS`;
const reviewPartition = 'REVIEW';

const fromItem = (item: Record<string, unknown>): LoanApplicationRecord => {
  const { pk: _pk, sk: _sk, ownerPk: _ownerPk, ownerSk: _ownerSk, marketplacePk: _mpk, marketplaceSk: _msk, ...loan } = item;
  return loan as unknown as LoanApplicationRecord;
};

export async function findApplication(loanId: string): Promise<LoanApplicationRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: loanKey(loanId), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}


/**
 * Creates the loan (APPLIED) and the borrower's open-application marker in one
 * transaction. The same application again (a retry: same loan id, same borrower)
 * returns the stored loan. A marker whose loan was decided since (rejected, listed,
 * timed out) is stale: it is removed and the application goes ahead; a marker whose
 * loan is still applied or in review is OpenApplicationExistsError.
 */
export async function submitApplication(
  application: NewApplication,
  read: { readonly loans: readonly Pick<LoanRecord, 'loanId' | 'amountFen'>[]; readonly version: number },
): Promise<LoanApplicationRecord> {
  const record = { ...application, status: 'APPLIED' as const, updatedAt: application.createdAt };
  for (let attempt = 0; ; attempt += 1) {
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: config.tableName(),
                Item: { ...markerKey(application.borrowerId), loanId: application.loanId, openedAt: application.createdAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: config.tableName(),
                Item: {
                  ...loanKey(application.loanId),
                  ...record,
                  ownerPk: ownerPartition(application.borrowerId),
                  ownerSk: `${application.createdAt}#${application.loanId}`,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Update: borrowingUpdate(application, read) },
          ],
        }),
      );
      return record;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException || (error as Error).name === 'TransactionCanceledException')) throw error;
      const existing = await findApplication(application.loanId);
      if (existing && existing.borrowerId === application.borrowerId) return existing;
      const { Item: marker } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: markerKey(application.borrowerId), ConsistentRead: true }));
      const open = typeof marker?.loanId === 'string' ? await findApplication(marker.loanId) : undefined;
      if (open && (open.status === 'APPLIED' || open.status === 'IN_REVIEW')) throw new OpenApplicationExistsError();
      if ((error as TransactionCanceledException).CancellationReasons?.[2]?.Code === 'ConditionalCheckFailed') {
        throw new ConcurrentModificationError('another application of yours was made while this one was checked: apply again');
      }
      if (attempt > 0) throw new OpenApplicationExistsError();
      if (typeof marker?.loanId === 'string') await releaseMarker(application.borrowerId, marker.loanId);
    }
  }
}

async function releaseMarker(borrowerId: string, loanId: string): Promise<void> {
  try {
    await documents.send(
      new DeleteCommand({
        TableName: config.tableName(),
        Key: markerKey(borrowerId),
        ConditionExpression: 'loanId = :loanId',
        ExpressionAttributeValues: { ':loanId': loanId },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Every loan of the borrower as BORROWING lists them (each read strongly consistent) and
 * its version; a borrower without BORROWING yet (version 0) has the loans the byOwner index
 * holds, and their first application writes BORROWING with them.
 */
export async function borrowing(borrowerId: string): Promise<{ loans: LoanApplicationRecord[]; version: number }> {
  const [{ Item }, indexed] = await Promise.all([
    documents.send(new GetCommand({ TableName: config.tableName(), Key: borrowingKey(borrowerId), ConsistentRead: true })),
    borrowerLoans(borrowerId),
  ]);
  if (!Item) return { loans: indexed, version: 0 };
  const loans = await Promise.all(Object.keys(Item.loans ?? {}).map((loanId) => findApplication(loanId)));
  return { loans: loans.filter((loan): loan is LoanApplicationRecord => loan !== undefined), version: Number(Item.version) };
}

/** BORROWING's change with a new application, on condition it is still at the version read. */
function borrowingUpdate(application: NewApplication, read: { readonly loans: readonly Pick<LoanRecord, 'loanId' | 'amountFen'>[]; readonly version: number }) {
  const base = { TableName: config.tableName(), Key: borrowingKey(application.borrowerId) };
  if (read.version === 0) {
    const loans = Object.fromEntries([...read.loans, application].map((loan) => [loan.loanId, loan.amountFen]));
    return {
      ...base,
      UpdateExpression: 'SET borrowerId = :borrower, loans = :loans, version = :one',
      ConditionExpression: 'attribute_not_exists(version)',
      ExpressionAttributeValues: { ':borrower': application.borrowerId, ':loans': loans, ':one': 1 },
    };
  }
  return {
    ...base,
    UpdateExpression: 'SET loans.#loan = :amount, version = version + :one',
    ConditionExpression: 'version = :version',
    ExpressionAttributeNames: { '#loan': application.loanId },
    ExpressionAttributeValues: { ':amount': application.amountFen, ':one': 1, ':version': read.version },
  };
}

/** The borrower's loans (any status), oldest first: for the outstanding and velocity checks. */
export async function borrowerLoans(borrowerId: string): Promise<LoanApplicationRecord[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    IndexName: 'byOwner',
    KeyConditionExpression: 'ownerPk = :owner',
    ExpressionAttributeValues: { ':owner': ownerPartition(borrowerId) },
  });
  return items.map(fromItem);
}

/** Keeps the automated review's outcome on the loan: its decision, score, reasons and the points of each feature. */
export async function recordRiskReview(loanId: string, review: RiskReview, at: Date): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: loanKey(loanId),
        UpdateExpression: 'SET riskReview = :review',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':review': { ...review, reviewedAt: at.toISOString() } },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`no loan ${loanId}`);
    throw error;
  }
}

/** Puts a loan in review into the reviewers' queue (idempotent: the first entry time is kept). */
export async function enqueueForReview(loanId: string, at: Date): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: loanKey(loanId),
        UpdateExpression: 'SET marketplacePk = :review, marketplaceSk = if_not_exists(marketplaceSk, :sk)',
        ConditionExpression: '#status = :inReview',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':review': reviewPartition, ':sk': `${at.toISOString()}#${loanId}`, ':inReview': 'IN_REVIEW' },
      }),
    );
  } catch (error) {
    // Already decided (a replayed task after the decision): nothing to queue.
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * The application was decided (rejected or listed): it leaves the reviewers' queue
 * and no longer blocks the borrower's next application. Idempotent.
 */
export async function closeApplication(loan: Pick<LoanRecord, 'loanId' | 'borrowerId'>): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: loanKey(loan.loanId),
        UpdateExpression: 'REMOVE marketplacePk, marketplaceSk',
        ConditionExpression: 'marketplacePk = :review',
        ExpressionAttributeValues: { ':review': reviewPartition },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  await releaseMarker(loan.borrowerId, loan.loanId);
}

/** Records who decided a manual review (after the workflow accepted the decision). */
export async function recordReviewerDecision(loanId: string, reviewerId: string, decision: string, at: Date): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: loanKey(loanId),
      UpdateExpression: 'SET reviewerDecision = if_not_exists(reviewerDecision, :decision)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':decision': { reviewerId, decision, decidedAt: at.toISOString() } },
    }),
  );
}

export interface ReviewQueuePage {
  readonly items: readonly LoanApplicationRecord[];
  readonly nextCursor?: string;
}

/** Loans waiting for a reviewer, longest-waiting first. */
export async function reviewQueue(options: { limit: number; cursor?: string | undefined }): Promise<ReviewQueuePage> {
  const startKey = options.cursor === undefined ? undefined : await decodeCursor(options.cursor, ['pk', 'sk', 'marketplacePk', 'marketplaceSk'], (key) => key.marketplacePk === reviewPartition);
  const { items, last } = await queryUpTo(
    {
      TableName: config.tableName(),
      IndexName: 'marketplace',
      KeyConditionExpression: 'marketplacePk = :review',
      FilterExpression: '#status = :inReview',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':review': reviewPartition, ':inReview': 'IN_REVIEW' },
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    },
    options.limit,
  );
  return { items: items.map(fromItem), ...(last ? { nextCursor: await encodeCursor(last) } : {}) };
}

