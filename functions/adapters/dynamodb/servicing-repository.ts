/**
 * Servicing records in the platform table. Keys live here only:
 *   LOAN#{loanId} / SERVICING                the loan's servicing state: the number of the last
 *                                            repayment, the one in flight (one at a time), totals
 *                                            repaid, the token of a parked servicing execution
 *   LOAN#{loanId} / REPAYMENT#{nnnnnn}       one repayment: its plan, distribution, legs and status
 *   LOAN#{loanId} / REPAYMENT_KEY#{key}      the request (Idempotency-Key or auto-debit date) → its number
 *   USER#{investorId} / HOLDING#{loanId}     an investor's holding in a loan: invested, expected and
 *                                            received principal, interest, penalty, fees
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { InvestorDistribution } from '../../core/servicing';
import { ConcurrentModificationError } from '../../core/errors';
import { config } from '../../settings/settings';
import { decodeCursor, encodeCursor } from './page-cursor';
import { documents, isConditionFailure, queryAll, queryUpTo } from './client';
import type { ConditionalItem } from './ledger-repository';
import type { RepaymentRecord, ServicingState, HoldingRecord } from '../../application/ports/servicing';

export type { RepaymentSource, RepaymentStatus, RepaymentRecord, ServicingState, HoldingRecord } from '../../application/ports/servicing';

const number6 = (value: number) => String(value).padStart(6, '0');
export const servicingKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'SERVICING' });
const repaymentKey = (loanId: string, number: number) => ({ pk: `LOAN#${loanId}`, sk: `REPAYMENT#${number6(number)}` });
const requestKey = (loanId: string, key: string) => ({ pk: `LOAN#${loanId}`, sk: `REPAYMENT_KEY#${key}` });
export const holdingKey = (investorId: string, loanId: string) => ({ pk: `USER#${investorId}`, sk: `HOLDING#${loanId}` });




const strip = (item: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
};

export async function servicingState(loanId: string): Promise<ServicingState> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: servicingKey(loanId), ConsistentRead: true }));
  return {
    repaymentCount: (Item?.repaymentCount as number | undefined) ?? 0,
    ...(Item?.inFlight ? { inFlight: Item.inFlight as ServicingState['inFlight'] & object } : {}),
    repaidPrincipalFen: (Item?.repaidPrincipalFen as number | undefined) ?? 0,
    repaidInterestFen: (Item?.repaidInterestFen as number | undefined) ?? 0,
    repaidPenaltyFen: (Item?.repaidPenaltyFen as number | undefined) ?? 0,
    feesFen: (Item?.feesFen as number | undefined) ?? 0,
    ...(Item?.parkedToken ? { parkedToken: Item.parkedToken as string } : {}),
  };
}

export async function findRepayment(loanId: string, number: number): Promise<RepaymentRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: repaymentKey(loanId, number), ConsistentRead: true }));
  return Item ? (strip(Item) as unknown as RepaymentRecord) : undefined;
}

/** The repayment a request key created, if any. */
export async function repaymentOfRequest(loanId: string, key: string): Promise<RepaymentRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: requestKey(loanId, key), ConsistentRead: true }));
  return Item ? findRepayment(loanId, Item.number as number) : undefined;
}

/**
 * A check for a compensation's transaction: no repayment of the loan is with the bank and
 * none was created since `seenCount` (the investors' claims were read from them).
 */
export function noRepaymentSince(loanId: string, seenCount: number, refusal: () => Error): ConditionalItem {
  return {
    item: {
      ConditionCheck: {
        TableName: config.tableName(),
        Key: servicingKey(loanId),
        ConditionExpression: 'attribute_not_exists(inFlight) AND (attribute_not_exists(repaymentCount) OR repaymentCount = :seen)',
        ExpressionAttributeValues: { ':seen': seenCount },
      },
    },
    conditionFailed: refusal,
  };
}

/**
 * The items written with the repayment's reservation entry, in its transaction: the
 * loan's lock (no other repayment in flight, the number is the next one), the record,
 * and its request key.
 */
/** A debt transfer's purchase takes the loan's lock: no repayment with the bank, none since `seenCount` (transfer-repository releases it). */
export function transferLockItem(loanId: string, seenCount: number, purchaseId: string, refusal: () => Error): ConditionalItem {
  return {
    item: {
      Update: {
        TableName: config.tableName(),
        Key: servicingKey(loanId),
        UpdateExpression: 'SET loanId = :loan, inFlight = :inFlight',
        ConditionExpression: 'attribute_not_exists(inFlight) AND (attribute_not_exists(repaymentCount) OR repaymentCount = :seen)',
        ExpressionAttributeValues: { ':loan': loanId, ':inFlight': { purchaseId }, ':seen': seenCount },
      },
    },
    conditionFailed: refusal,
  };
}

export function repaymentCreationItems(record: RepaymentRecord, previousCount: number): ConditionalItem[] {
  const TableName = config.tableName();
  const busy = () => new ConcurrentModificationError(`another repayment of loan ${record.loanId} is in progress`);
  return [
    {
      item: {
        Update: {
          TableName,
          Key: servicingKey(record.loanId),
          UpdateExpression: 'SET loanId = :loan, repaymentCount = :n, inFlight = :inFlight, updatedAt = :at',
          ConditionExpression: 'attribute_not_exists(inFlight) AND (attribute_not_exists(repaymentCount) OR repaymentCount = :previous)',
          ExpressionAttributeValues: {
            ':loan': record.loanId,
            ':n': record.number,
            ':previous': previousCount,
            ':inFlight': { repaymentId: record.repaymentId, number: record.number, requestKey: record.requestKey },
            ':at': record.createdAt,
          },
        },
      },
      conditionFailed: busy,
    },
    {
      item: { Put: { TableName, Item: { ...repaymentKey(record.loanId, record.number), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
      conditionFailed: busy,
    },
    {
      item: {
        Put: {
          TableName,
          Item: { ...requestKey(record.loanId, record.requestKey), loanId: record.loanId, number: record.number, createdAt: record.createdAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      conditionFailed: busy,
    },
  ];
}

export async function recordRepaymentToken(record: RepaymentRecord, taskToken: string, at: Date): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: repaymentKey(record.loanId, record.number),
      UpdateExpression: 'SET taskToken = :token, updatedAt = :at',
      ExpressionAttributeValues: { ':token': taskToken, ':at': at.toISOString() },
    }),
  );
}

/**
 * Closes a repayment once: PENDING → CONFIRMED (adding to the loan's totals) or FAILED,
 * and releases the loan's lock. Returns false when it was closed before.
 */
export async function closeRepayment(record: RepaymentRecord, outcome: 'CONFIRMED' | 'FAILED', at: Date, detail: { confirmedAt?: string; reason?: string }): Promise<boolean> {
  const TableName = config.tableName();
  const confirmed = outcome === 'CONFIRMED';
  try {
    await documents.send(
      new TransactWriteCommand({
        ClientRequestToken: randomUUID(),
        TransactItems: [
          {
            Update: {
              TableName,
              Key: repaymentKey(record.loanId, record.number),
              UpdateExpression: `SET #status = :outcome, updatedAt = :at${confirmed ? ', confirmedAt = :confirmedAt' : ', failureReason = :reason'}`,
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':outcome': outcome,
                ':pending': 'PENDING',
                ':at': at.toISOString(),
                ...(confirmed ? { ':confirmedAt': detail.confirmedAt ?? at.toISOString() } : { ':reason': detail.reason ?? 'FAILED_AT_BANK' }),
              },
            },
          },
          {
            Update: {
              TableName,
              Key: servicingKey(record.loanId),
              UpdateExpression: confirmed
                ? 'SET updatedAt = :at REMOVE inFlight ADD repaidPrincipalFen :p, repaidInterestFen :i, repaidPenaltyFen :pen, feesFen :fee'
                : 'SET updatedAt = :at REMOVE inFlight',
              ConditionExpression: 'inFlight.repaymentId = :id',
              ExpressionAttributeValues: {
                ':at': at.toISOString(),
                ':id': record.repaymentId,
                ...(confirmed ? { ':p': record.principalFen, ':i': record.interestFen, ':pen': record.penaltyFen, ':fee': record.feeFen } : {}),
              },
            },
          },
        ] as never,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
    throw error;
  }
}

export interface RepaymentPage {
  readonly items: readonly RepaymentRecord[];
  readonly nextCursor?: string;
}

/** A loan's repayments, newest first. */
export async function listRepayments(loanId: string, limit: number, cursor: string | undefined): Promise<RepaymentPage> {
  const pk = `LOAN#${loanId}`;
  const startKey = cursor === undefined ? undefined : await decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === pk);
  const { items, last } = await queryUpTo(
    {
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :repayment)',
      ExpressionAttributeValues: { ':pk': pk, ':repayment': 'REPAYMENT#' },
      ScanIndexForward: false,
      ConsistentRead: true,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    },
    limit,
  );
  return { items: items.map((item) => strip(item) as unknown as RepaymentRecord), ...(last ? { nextCursor: await encodeCursor({ pk: last.pk, sk: last.sk }) } : {}) };
}

/** Every repayment of a loan, oldest first. */
export async function repaymentsOf(loanId: string): Promise<RepaymentRecord[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :repayment)',
    ExpressionAttributeValues: { ':pk': `LOAN#${loanId}`, ':repayment': 'REPAYMENT#' },
    ConsistentRead: true,
  });
  return items.map((item) => strip(item) as unknown as RepaymentRecord);
}

/** Records (or replaces) the parked servicing execution's token. */
export async function recordParkedToken(loanId: string, taskToken: string, at: Date): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: servicingKey(loanId),
      UpdateExpression: 'SET loanId = :loan, parkedToken = :token, updatedAt = :at',
      ExpressionAttributeValues: { ':loan': loanId, ':token': taskToken, ':at': at.toISOString() },
    }),
  );
}

// Holdings.


/** Creates the holding's invested and expected figures once (a second call changes nothing). */
export async function ensureHolding(holding: { investorId: string; loanId: string; principalInvestedFen: number; expectedPrincipalFen: number; expectedInterestFen: number }, at: Date): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: config.tableName(),
      Key: holdingKey(holding.investorId, holding.loanId),
      UpdateExpression:
        'SET investorId = :investor, loanId = :loan, principalInvestedFen = if_not_exists(principalInvestedFen, :invested), expectedPrincipalFen = if_not_exists(expectedPrincipalFen, :principal), expectedInterestFen = if_not_exists(expectedInterestFen, :interest), createdAt = if_not_exists(createdAt, :at)',
      ExpressionAttributeValues: {
        ':investor': holding.investorId,
        ':loan': holding.loanId,
        ':invested': holding.principalInvestedFen,
        ':principal': holding.expectedPrincipalFen,
        ':interest': holding.expectedInterestFen,
        ':at': at.toISOString(),
      },
    }),
  );
}

/** Adds one repayment's share to the investor's holding, once (repayments of a loan are numbered in order). */
export async function addToHolding(loanId: string, repaymentNumber: number, share: InvestorDistribution, principalInvestedFen: number, at: Date): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: holdingKey(share.investorId, loanId),
        UpdateExpression:
          'SET investorId = :investor, loanId = :loan, principalInvestedFen = if_not_exists(principalInvestedFen, :invested), lastRepayment = :n, updatedAt = :at ADD receivedPrincipalFen :p, receivedInterestFen :i, receivedPenaltyFen :pen, feesPaidFen :fee, receivedNetFen :net',
        ConditionExpression: 'attribute_not_exists(lastRepayment) OR lastRepayment < :n',
        ExpressionAttributeValues: {
          ':investor': share.investorId,
          ':loan': loanId,
          ':invested': principalInvestedFen,
          ':n': repaymentNumber,
          ':at': at.toISOString(),
          ':p': share.principalFen,
          ':i': share.interestFen,
          ':pen': share.penaltyFen,
          ':fee': share.feeFen,
          ':net': share.netFen,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Adds the risk reserve's compensation to the investor's holding, once per loan. */
export async function addCompensationToHolding(investorId: string, loanId: string, compensationId: string, amountFen: number, at: Date): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: holdingKey(investorId, loanId),
        UpdateExpression: 'SET investorId = :investor, loanId = :loan, compensationId = :id, updatedAt = :at ADD receivedCompensationFen :fen',
        ConditionExpression: 'attribute_not_exists(compensationId)',
        ExpressionAttributeValues: { ':investor': investorId, ':loan': loanId, ':id': compensationId, ':at': at.toISOString(), ':fen': amountFen },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** An investor's holdings (one item per loan), by loan id. */
export async function holdingsOf(investorId: string): Promise<HoldingRecord[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :holding)',
    ExpressionAttributeValues: { ':pk': `USER#${investorId}`, ':holding': 'HOLDING#' },
    ConsistentRead: true,
  });
  return items.map((item) => strip(item) as unknown as HoldingRecord);
}

export async function findHolding(investorId: string, loanId: string): Promise<HoldingRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: holdingKey(investorId, loanId), ConsistentRead: true }));
  return Item ? (strip(Item) as unknown as HoldingRecord) : undefined;
}
