/**
 * A loan's repayment schedule as installment items. Keys live here only:
 * LOAN#{loanId} / INSTALLMENT#{nnn}; an unsettled installment carries
 * duePk = DUE#{YYYY-MM-DD} and dueSk = {loanId}#{nnn} for the dueDates index
 * (read by the overdue sweep, ./overdue-repository.ts), removed when it settles.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toFen } from '../../core/money';
import type { Installment, RepaymentSchedule } from '../../core/repayment-schedule';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryAll } from './client';
import type { InstallmentRecord, InstallmentPaymentUpdate } from '../../application/ports/installments';

export type { InstallmentRecord, InstallmentPaymentUpdate } from '../../application/ports/installments';


const number3 = (value: number) => String(value).padStart(3, '0');
export const installmentKey = (loanId: string, number: number) => ({ pk: `LOAN#${loanId}`, sk: `INSTALLMENT#${number3(number)}` });

/** An installment's item as stored: DUE, with its dueDates index keys. */
export function installmentItem(loanId: string, installment: Installment, at: Date): Record<string, unknown> {
  const record: InstallmentRecord = {
    loanId,
    number: installment.number,
    dueDate: installment.dueDate,
    principalFen: toFen(installment.principal),
    interestFen: toFen(installment.interest),
    totalFen: toFen(installment.total),
    remainingPrincipalFen: toFen(installment.remainingPrincipal),
    status: 'DUE',
  };
  return { ...installmentKey(loanId, installment.number), ...record, duePk: `DUE#${installment.dueDate}`, dueSk: `${loanId}#${number3(installment.number)}`, createdAt: at.toISOString() };
}

/** Stores every installment once; a replay finds them written and changes nothing. */
export async function storeSchedule(loanId: string, schedule: RepaymentSchedule, at: Date): Promise<void> {
  for (const installment of schedule.installments) {
    try {
      await documents.send(new PutCommand({ TableName: config.tableName(), Item: installmentItem(loanId, installment, at), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

export async function installmentsOf(loanId: string): Promise<InstallmentRecord[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :installment)',
    ExpressionAttributeValues: { ':pk': `LOAN#${loanId}`, ':installment': 'INSTALLMENT#' },
    ConsistentRead: true,
  });
  return items.map(({ pk: _pk, sk: _sk, duePk: _dp, dueSk: _ds, createdAt: _c, ...installment }) => installment as unknown as InstallmentRecord);
}


/**
 * Adds a repayment's payment to the installment's paid fields, once per repayment
 * (repayments of a loan are numbered in order: `lastRepayment` guards a replay), then
 * settles it when everything it owes is paid (penalty as the overdue sweep has accrued
 * it): status SETTLED, settledAt, and the dueDates index keys removed. Returns whether
 * the installment is settled.
 */
export async function applyInstallmentPayment(loanId: string, payment: InstallmentPaymentUpdate, repaymentNumber: number, at: Date): Promise<boolean> {
  const TableName = config.tableName();
  try {
    await documents.send(
      new UpdateCommand({
        TableName,
        Key: installmentKey(loanId, payment.number),
        UpdateExpression: 'SET lastRepayment = :n, updatedAt = :at ADD paidPrincipalFen :p, paidInterestFen :i, paidPenaltyFen :pen',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastRepayment) OR lastRepayment < :n)',
        ExpressionAttributeValues: { ':n': repaymentNumber, ':at': at.toISOString(), ':p': payment.principalFen, ':i': payment.interestFen, ':pen': payment.penaltyFen },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  try {
    await documents.send(
      new UpdateCommand({
        TableName,
        Key: installmentKey(loanId, payment.number),
        UpdateExpression: 'SET #status = :settled, settledAt = :at REMOVE duePk, dueSk',
        ConditionExpression: payment.early
          ? '#status <> :settled AND lastRepayment = :n'
          : '#status <> :settled AND paidPrincipalFen >= principalFen AND paidInterestFen >= interestFen AND (attribute_not_exists(penaltyFen) OR paidPenaltyFen >= penaltyFen)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':settled': 'SETTLED', ':at': at.toISOString(), ...(payment.early ? { ':n': repaymentNumber } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await documents.send(new GetCommand({ TableName, Key: installmentKey(loanId, payment.number), ConsistentRead: true, ProjectionExpression: '#status', ExpressionAttributeNames: { '#status': 'status' } }));
  return Item?.status === 'SETTLED';
}
