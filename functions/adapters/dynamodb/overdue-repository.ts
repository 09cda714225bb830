/**
 * Overdue installments and loan ageing in the platform table. Keys live here only.
 *
 * The dueDates index (duePk/dueSk, sparse: settling an installment REMOVEs both):
 * - DUE#{YYYY-MM-DD} / {loanId}#{nnn}: not yet overdue (written by installment-repository);
 * - OVERDUE#{shard} / {dueDate}#{loanId}#{nnn}: overdue and unsettled, re-keyed here by
 *   the sweep; `shard` (0..overdueShards−1) spreads the partition by loan id.
 * So the sweep reads the last few DUE# days and the OVERDUE# shards: what is due and
 * overdue, never the loan book. `readCounter` counts the items each query read
 * (ScannedCount), for the sweep's summary and the scaling test.
 *
 * Updates touch only the overdue fields (status OVERDUE, penaltyFen,
 * penaltyAccruedThrough, penaltySpan, duePk/dueSk), conditional on the installment not
 * being SETTLED, still on the index, with the paid amounts the sweep computed from,
 * and not yet accrued through the day: a replay or a racing repayment writes nothing.
 *
 * OVERDUE_LOANS#{shard} / {loanId}: a marker per loan the sweep has aged, so that the next
 * sweep finds the loans that caught up (their installments left the index) and clears
 * their ageing. Reads grow with the loans overdue, never with the book.
 *
 * OVERDUE_SWEEP / SWEPT: the last due date whose DUE# partition a completed sweep read, so
 * the next sweep reads only the days after it.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OverdueBucket, PenaltyAccrual } from '../../core/overdue';
import type { InstallmentRecord } from './installment-repository';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryAll, type PageObserver } from './client';
import type { ReadCounter } from '../../application/ports/origination-overdue';

export const overdueShards = 4;
const sweptKey = { pk: 'OVERDUE_SWEEP', sk: 'SWEPT' } as const;
const dueDatesIndex = 'dueDates';

export type IndexedInstallment = InstallmentRecord & { readonly penaltySpan?: { from: string; unpaidFen: number; baseFen: number } };

export type { ReadCounter } from '../../application/ports/origination-overdue';

export const newReadCounter = (): ReadCounter => ({ queries: 0, itemsRead: 0 });

const number3 = (value: number) => String(value).padStart(3, '0');
const installmentKey = (loanId: string, number: number) => ({ pk: `LOAN#${loanId}`, sk: `INSTALLMENT#${number3(number)}` });
const loanKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'LOAN' });

export function overdueShardOf(loanId: string): number {
  return (createHash('sha256').update(loanId).digest()[0] ?? 0) % overdueShards;
}

/** Counts a page of a sweep query against the sweep's reads. */
const countedBy = (counter: ReadCounter): PageObserver => (page) => {
  counter.queries += 1;
  counter.itemsRead += page.ScannedCount ?? page.Count ?? 0;
};

async function queryIndex(partition: string, counter: ReadCounter): Promise<IndexedInstallment[]> {
  const items = await queryAll({ TableName: config.tableName(), IndexName: dueDatesIndex, KeyConditionExpression: 'duePk = :pk', ExpressionAttributeValues: { ':pk': partition } }, countedBy(counter));
  return items.map(({ pk: _pk, sk: _sk, duePk: _dp, dueSk: _ds, createdAt: _c, ...installment }) => installment as unknown as IndexedInstallment);
}

/** Unsettled installments that fell due on `date` and are not yet marked overdue. */
export function installmentsDueOn(date: string, counter: ReadCounter): Promise<IndexedInstallment[]> {
  return queryIndex(`DUE#${date}`, counter);
}

/** Every overdue, unsettled installment (all shards). */
export async function overdueInstallments(counter: ReadCounter): Promise<IndexedInstallment[]> {
  const shards = await Promise.all(Array.from({ length: overdueShards }, (_, shard) => queryIndex(`OVERDUE#${shard}`, counter)));
  return shards.flat();
}

/**
 * Marks the installment OVERDUE on the index and records the day's penalty accrual (if
 * any). False when the installment changed under us (settled, paid, already accrued).
 */
export async function markOverdue(installment: IndexedInstallment, today: string, accrual: PenaltyAccrual | undefined, at: Date): Promise<boolean> {
  const sets = ['#status = :overdue', 'duePk = :duePk', 'dueSk = :dueSk', 'overdueSince = if_not_exists(overdueSince, :at)'];
  const values: Record<string, unknown> = {
    ':overdue': 'OVERDUE',
    ':settled': 'SETTLED',
    ':duePk': `OVERDUE#${overdueShardOf(installment.loanId)}`,
    ':dueSk': `${installment.dueDate}#${installment.loanId}#${number3(installment.number)}`,
    ':today': today,
    ':at': at.toISOString(),
  };
  if (accrual) {
    sets.push('penaltyFen = :penalty', 'penaltyAccruedThrough = :through', 'penaltySpan = :span');
    Object.assign(values, { ':penalty': accrual.penaltyFen, ':through': accrual.penaltyAccruedThrough, ':span': accrual.penaltySpan });
  }
  const paidCondition = (name: 'paidPrincipalFen' | 'paidInterestFen') => {
    const paid = installment[name];
    if (paid === undefined) return `attribute_not_exists(${name})`;
    values[`:${name}`] = paid;
    return `${name} = :${name}`;
  };
  const condition = [
    'attribute_exists(duePk)',
    '#status <> :settled',
    '(attribute_not_exists(penaltyAccruedThrough) OR penaltyAccruedThrough < :today)',
    paidCondition('paidPrincipalFen'),
    paidCondition('paidInterestFen'),
  ].join(' AND ');
  // Re-keying alone (no accrual) must also not repeat: only when it is not yet OVERDUE.
  const finalCondition = accrual ? condition : `${condition} AND #status <> :overdue`;
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: installmentKey(installment.loanId, installment.number),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: finalCondition,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The loan's overdue days and bucket as of `today`, written once a day. */
export async function recordLoanAgeing(loanId: string, today: string, overdueDays: number, bucket: OverdueBucket | undefined): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: loanKey(loanId),
        UpdateExpression: bucket ? 'SET overdueDays = :days, overdueBucket = :bucket, overdueAsOf = :today' : 'SET overdueDays = :days, overdueAsOf = :today REMOVE overdueBucket',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(overdueAsOf) OR overdueAsOf < :today)',
        ExpressionAttributeValues: { ':days': overdueDays, ':today': today, ...(bucket ? { ':bucket': bucket } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const markerKey = (loanId: string) => ({ pk: `OVERDUE_LOANS#${overdueShardOf(loanId)}`, sk: loanId });

/** Remembers that the loan is overdue (once). */
export async function markLoanOverdue(loanId: string, today: string): Promise<void> {
  try {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...markerKey(loanId), loanId, since: today }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The loans last seen overdue (all shards). */
export async function loansMarkedOverdue(counter: ReadCounter): Promise<string[]> {
  const shards = await Promise.all(
    Array.from({ length: overdueShards }, async (_, shard) => {
      const items = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `OVERDUE_LOANS#${shard}` } }, countedBy(counter));
      return items.map((item) => item.sk as string);
    }),
  );
  return shards.flat();
}

/** The loan caught up: overdue days 0, no bucket, marker gone. */
export async function clearLoanOverdue(loanId: string, today: string): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: loanKey(loanId),
        UpdateExpression: 'SET overdueDays = :zero, overdueAsOf = :today REMOVE overdueBucket',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(overdueAsOf) OR overdueAsOf < :today)',
        ExpressionAttributeValues: { ':zero': 0, ':today': today },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  await documents.send(new DeleteCommand({ TableName: config.tableName(), Key: markerKey(loanId) }));
}

export async function sweptThrough(counter: ReadCounter): Promise<string | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: sweptKey, ConsistentRead: true }));
  counter.itemsRead += Item ? 1 : 0;
  return typeof Item?.dueDate === 'string' ? Item.dueDate : undefined;
}

export async function recordSweptThrough(date: string): Promise<void> {
  try {
    await documents.send(
      new PutCommand({ TableName: config.tableName(), Item: { ...sweptKey, dueDate: date }, ConditionExpression: 'attribute_not_exists(pk) OR dueDate < :date', ExpressionAttributeValues: { ':date': date } }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
