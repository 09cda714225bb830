/**
 * Reschedule requests (application/rescheduling.ts) in the platform table. Keys live here:
 *   LOAN#{loanId} / RESCHEDULE             the loan's one reschedule request (audited: loan.reschedule)
 *   RESCHEDULE_QUEUE / PENDING#{loanId}    a request awaiting a reviewer, removed with the decision
 * The acceptance is one TransactWriteItems over the request, the loan, the loan's
 * servicing item (a condition) and its installments (at most 60 + 12 + 3 items, under
 * DynamoDB's 100).
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError } from '../../core/errors';
import { RescheduleRefusedError } from '../../core/rescheduling';
import type { RescheduleAcceptance, RescheduleRequestRecord } from '../../application/ports/reschedule-requests';
import { config } from '../../settings/settings';
import { batchGetAll, documents, isConditionFailure } from './client';
import { installmentItem } from './installment-repository';
import { loanKey } from './loan-repository';
import { holdingKey, servicingKey } from './servicing-repository';

const requestKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'RESCHEDULE' });
const pendingKey = (loanId: string) => ({ pk: 'RESCHEDULE_QUEUE', sk: `PENDING#${loanId}` });

const cancelled = (error: unknown) => error instanceof Error && error.name === 'TransactionCanceledException';

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as RescheduleRequestRecord;

export async function findRequest(loanId: string): Promise<RescheduleRequestRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: requestKey(loanId), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
}

/** The request and its place in the reviewers' queue, once per loan. */
export async function createRequest(record: RescheduleRequestRecord): Promise<void> {
  const TableName = config.tableName();
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { ...requestKey(record.loanId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName, Item: { ...pendingKey(record.loanId), loanId: record.loanId, requestedAt: record.requestedAt } } },
        ],
      }),
    );
  } catch (error) {
    if (cancelled(error)) throw new RescheduleRefusedError(['ALREADY_REQUESTED']);
    throw error;
  }
}

/** The requests awaiting a reviewer, oldest first. */
export async function pendingRequests(): Promise<RescheduleRequestRecord[]> {
  const { Items = [] } = await documents.send(new QueryCommand({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'RESCHEDULE_QUEUE' }, ConsistentRead: true }));
  const items = await batchGetAll(config.tableName(), Items.map((item) => requestKey(String(item.loanId))));
  return items.map(strip).filter((record) => record.status === 'REQUESTED').sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0));
}

/** SET each field (values named :v0…), with status and updatedAt. */
function setFields(fields: Record<string, unknown>): { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
  return {
    UpdateExpression: `SET ${entries.map((_, index) => `#f${index} = :v${index}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(entries.map(([name], index) => [`#f${index}`, name])),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
  };
}

/** The request's update from status `from`, with its fields (for a transaction). */
function requestUpdate(loanId: string, from: string, fields: Record<string, unknown>) {
  const update = setFields(fields);
  return {
    Update: {
      TableName: config.tableName(),
      Key: requestKey(loanId),
      UpdateExpression: update.UpdateExpression,
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#status': 'status' },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':from': from },
    },
  };
}

/** The request moves from `from` (its status), with its fields; the queue entry goes with a decision. */
async function move(loanId: string, from: string, fields: Record<string, unknown>, leavesQueue: boolean): Promise<void> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [requestUpdate(loanId, from, fields), ...(leavesQueue ? [{ Delete: { TableName: config.tableName(), Key: pendingKey(loanId) } }] : [])],
      }),
    );
  } catch (error) {
    if (cancelled(error)) throw new ConcurrentModificationError(`the reschedule request of loan ${loanId} is no longer ${from}`);
    throw error;
  }
}

export const recordDecision = (loanId: string, to: 'APPROVED' | 'REJECTED', fields: Partial<RescheduleRequestRecord>, at: Date): Promise<void> =>
  move(loanId, 'REQUESTED', { ...fields, status: to, updatedAt: at.toISOString() }, true);

export const recordDecline = (loanId: string, at: Date): Promise<void> => move(loanId, 'APPROVED', { status: 'DECLINED', declinedAt: at.toISOString(), updatedAt: at.toISOString() }, false);

/**
 * The acceptance, in one transaction: the request APPROVED → ACCEPTED with its signed
 * agreement; the loan REPAYING and never rescheduled gets its reschedule; no repayment or
 * debt transfer of the loan with the bank; each replaced installment still DUE and never
 * paid on is overwritten, the new ones (an extension's) created.
 */
export async function applyAcceptance(acceptance: RescheduleAcceptance): Promise<void> {
  const TableName = config.tableName();
  const { request, at } = acceptance;
  const loanId = request.loanId;
  const replaced = new Set(acceptance.replacedNumbers);
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          requestUpdate(loanId, 'APPROVED', { status: 'ACCEPTED', acceptedAt: request.acceptedAt, updatedAt: request.updatedAt, agreement: acceptance.agreement }),
          {
            Update: {
              TableName,
              Key: loanKey(loanId),
              UpdateExpression: 'SET rescheduled = :rescheduled, rescheduledAt = :at, rescheduledPrincipalFen = :principal, updatedAt = :at',
              ConditionExpression: '#status = :repaying AND attribute_not_exists(rescheduled)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':rescheduled': acceptance.rescheduled, ':at': at.toISOString(), ':principal': request.principalFen ?? 0, ':repaying': 'REPAYING' },
            },
          },
          { ConditionCheck: { TableName, Key: servicingKey(loanId), ConditionExpression: 'attribute_not_exists(inFlight)' } },
          ...acceptance.replacement.map((installment) => ({
            Put: {
              TableName,
              Item: { ...installmentItem(loanId, installment, at), rescheduledAt: at.toISOString() },
              ...(replaced.has(installment.number)
                ? { ConditionExpression: '#status = :due AND attribute_not_exists(lastRepayment)', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':due': 'DUE' } }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          })),
        ],
      }),
    );
  } catch (error) {
    if (cancelled(error)) throw new ConcurrentModificationError(`loan ${loanId} changed while its reschedule was accepted (a repayment with the bank, or an installment paid)`);
    throw error;
  }
}

/** Moves the holding's expected interest by `interestFen`, once per loan (the holding remembers it was adjusted). */
export async function adjustExpectedInterest(investorId: string, loanId: string, interestFen: number, at: Date): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: holdingKey(investorId, loanId),
        UpdateExpression: 'SET rescheduleAdjustedAt = :at, updatedAt = :at ADD expectedInterestFen :change',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rescheduleAdjustedAt)',
        ExpressionAttributeValues: { ':at': at.toISOString(), ':change': interestFen },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
