/**
 * Loans in the platform table. Keys live here only: LOAN#{loanId} / LOAN.
 * Status changes are conditional on the status the domain planned from.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, NotFoundError } from '../../core/errors';
import { planTransition, type DisbursementRequest, type LoanEventType, type LoanRecord } from '../../core/loan-lifecycle';

export type { DisbursementRequest, LoanRecord } from '../../core/loan-lifecycle';
import { config } from '../../settings/settings';
import { batchGetAll, documents, isConditionFailure } from './client';


const key = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'LOAN' });
export { key as loanKey };

export async function findLoan(loanId: string): Promise<LoanRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: key(loanId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...loan } = Item;
  return loan as LoanRecord;
}

export async function getLoan(loanId: string): Promise<LoanRecord> {
  const loan = await findLoan(loanId);
  if (!loan) throw new NotFoundError(`no loan ${loanId}`);
  return loan;
}

/** Creates a loan once; creating the same id again is a conflict. */
export async function createLoan(loan: Omit<LoanRecord, 'status' | 'updatedAt'>): Promise<LoanRecord> {
  const record: LoanRecord = { ...loan, status: 'APPLIED', updatedAt: loan.createdAt };
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...key(loan.loanId), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConcurrentModificationError(`loan ${loan.loanId} already exists`);
    throw error;
  }
  return record;
}

/**
 * Applies a lifecycle event with the attributes it sets. Replaying an event that
 * already took effect changes nothing and returns the loan as it is.
 */
export async function applyLoanEvent(
  loanId: string,
  event: LoanEventType,
  at: Date,
  changes: Partial<Omit<LoanRecord, 'loanId' | 'status'>> & Record<string, unknown> = {},
  /** Attributes the event removes (e.g. the marketplace index keys when a listing closes). */
  remove: readonly string[] = [],
): Promise<LoanRecord> {
  const loan = await getLoan(loanId);
  const plan = planTransition(loan.status, event);
  if (plan.kind === 'already-applied') return loan;
  const assignments = { ...changes, status: plan.to, updatedAt: at.toISOString() };
  const names = Object.keys(assignments);
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: key(loanId),
        UpdateExpression: `SET ${names.map((_, index) => `#a${index} = :a${index}`).join(', ')}${remove.length ? ` REMOVE ${remove.map((_, index) => `#r${index}`).join(', ')}` : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: {
          '#status': 'status',
          ...Object.fromEntries(names.map((name, index) => [`#a${index}`, name])),
          ...Object.fromEntries(remove.map((name, index) => [`#r${index}`, name])),
        },
        ExpressionAttributeValues: {
          ':from': plan.from,
          ...Object.fromEntries(names.map((name, index) => [`:a${index}`, assignments[name as keyof typeof assignments]])),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const { pk: _pk, sk: _sk, ...updated } = Attributes ?? {};
    return updated as LoanRecord;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Lost a race: fine if the winner applied this very event, otherwise the state moved on.
    const now = await getLoan(loanId);
    if (now.status === plan.to) return now;
    throw new ConcurrentModificationError(`loan ${loanId} moved to ${now.status} during ${event}`);
  }
}

/** Records the workflow task that waits on this loan, so the deciding request can complete it. */
export async function recordPendingDecision(loanId: string, decision: string, taskToken: string, at: Date): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: key(loanId),
        UpdateExpression: 'SET pendingDecision = :pending, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':pending': { decision, taskToken }, ':at': at.toISOString() },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`no loan ${loanId}`);
    throw error;
  }
}


/**
 * Records the disbursement wait's task token and the instruction on a FUNDED loan,
 * before the instruction is sent, so the bank's callback always finds the token. A
 * retry keeps the first request's figures (the bank executes an instruction id once).
 */
export async function recordDisbursementRequest(loanId: string, taskToken: string, request: DisbursementRequest, at: Date): Promise<DisbursementRequest> {
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: key(loanId),
        UpdateExpression: 'SET pendingDecision = :pending, disbursement = if_not_exists(disbursement, :request), updatedAt = :at',
        ConditionExpression: '#status = :funded',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': { decision: 'DISBURSEMENT', taskToken }, ':request': request, ':at': at.toISOString(), ':funded': 'FUNDED' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.disbursement as DisbursementRequest;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const loan = await getLoan(loanId);
    throw new ConcurrentModificationError(`loan ${loanId} is ${loan.status}, not FUNDED: nothing to disburse`);
  }
}

/** The status of each of these loans (a batch read of 100 keys at a time, unprocessed keys retried); a missing loan is absent from the map. */
export async function loanStatuses(loanIds: readonly string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(config.tableName(), loanIds.map(key), { consistentRead: false, projection: { expression: 'loanId, #status', names: { '#status': 'status' } } });
  return new Map(items.map((item) => [item.loanId as string, item.status as string]));
}
