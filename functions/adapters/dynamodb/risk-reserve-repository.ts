/**
 * The risk reserve's decisions and uses (风险准备金使用), disclosed by GET /v1/risk-reserve.
 * Keys live here only: RISK_RESERVE / DECISION#{loanId}, one per defaulted loan
 * (written once: a replayed default decides nothing new).
 *
 * When a loan defaults, the policy switch (policy.riskReserveCompensates, off by default)
 * decides: off → the decision is recorded as NOT_COMPENSATED (POLICY_OFF); on → a use is
 * recorded as APPROVED for min(reserve balance, the loan's unpaid principal + interest).
 * An APPROVED use is paid by application/risk-reserve-compensation.ts: APPROVED → PAYING
 * (with the reserve's pending transfer, under the payment lock) → PAID once the bank
 * confirms; a declined transfer goes back to APPROVED for a retry.
 * Keys: RISK_RESERVE / PAYMENT_LOCK — the one compensation payment in flight (`holder`)
 * and a `version` bumped at every acquisition, so a payment that read the reserve's
 * balance before another payment took the lock cannot take it on that stale reading:
 * two loans' payments can never overdraw the reserve.
 */
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError } from '../../core/errors';
import type { CompensationLeg, CompensationShare } from '../../core/risk-reserve-compensation';
import type { ConditionalItem } from './ledger-repository';
import { accounts } from '../../core/ledger';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryAll } from './client';
import { accountBalance } from './ledger-repository';
import { policy } from '../../settings/settings';
import type { RiskReserveDecision, PaymentLock } from '../../application/ports/risk-reserve';

export type { RiskReserveDecision, PaymentLock } from '../../application/ports/risk-reserve';


const decisionKey = (loanId: string) => ({ pk: 'RISK_RESERVE', sk: `DECISION#${loanId}` });
const lockKey = { pk: 'RISK_RESERVE', sk: 'PAYMENT_LOCK' };

export async function findDecision(loanId: string): Promise<RiskReserveDecision | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: decisionKey(loanId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...decision } = Item;
  return decision as unknown as RiskReserveDecision;
}


export async function paymentLock(): Promise<PaymentLock> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: lockKey, ConsistentRead: true }));
  return { ...(typeof Item?.holder === 'string' ? { holder: Item.holder } : {}), version: typeof Item?.version === 'number' ? Item.version : 0 };
}

/**
 * A check for a repayment's transaction: the loan has no compensation with the bank
 * (a recovery then would go to the investors the reserve is paying). `refusal` is the
 * error when it has.
 */
export function noCompensationPaying(loanId: string, refusal: () => Error): ConditionalItem {
  return {
    item: {
      ConditionCheck: {
        TableName: config.tableName(),
        Key: decisionKey(loanId),
        ConditionExpression: 'attribute_not_exists(pk) OR #status <> :paying',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':paying': 'PAYING' },
      },
    },
    conditionFailed: refusal,
  };
}

/**
 * The items written with the reserve's hold entry: the decision APPROVED → PAYING (the
 * attempt after `previousAttempt`) and the payment lock taken at the version read.
 */
export function startPaymentItems(
  decision: RiskReserveDecision,
  payment: { attempt: number; paymentId: string; payingFen: number; shares: readonly CompensationShare[]; legs: readonly CompensationLeg[] },
  lock: PaymentLock,
  at: Date,
): ConditionalItem[] {
  const TableName = config.tableName();
  const busy = () => new ConcurrentModificationError(`another risk-reserve payment is in progress (loan ${decision.loanId})`);
  return [
    {
      item: {
        Update: {
          TableName,
          Key: decisionKey(decision.loanId),
          UpdateExpression: 'SET #status = :paying, attempt = :attempt, paymentId = :id, payingFen = :fen, shares = :shares, legs = :legs, updatedAt = :at',
          ConditionExpression: '#status = :approved AND (attribute_not_exists(attempt) OR attempt = :previous)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':paying': 'PAYING',
            ':approved': 'APPROVED',
            ':attempt': payment.attempt,
            ':previous': payment.attempt - 1,
            ':id': payment.paymentId,
            ':fen': payment.payingFen,
            ':shares': payment.shares,
            ':legs': payment.legs,
            ':at': at.toISOString(),
          },
        },
      },
      conditionFailed: busy,
    },
    {
      item: {
        Update: {
          TableName,
          Key: lockKey,
          UpdateExpression: 'SET holder = :loan, version = :next, heldSince = :at',
          ConditionExpression: 'attribute_not_exists(holder) AND (attribute_not_exists(version) OR version = :seen)',
          ExpressionAttributeValues: { ':loan': decision.loanId, ':next': lock.version + 1, ':seen': lock.version, ':at': at.toISOString() },
        },
      },
      conditionFailed: busy,
    },
  ];
}

/** Ends the attempt: PAYING → PAID (with the figures) or back to APPROVED, and releases the lock; false when it had ended. */
export async function endPayment(
  loanId: string,
  paymentId: string,
  outcome: { status: 'PAID'; paidFen: number; paidAt: string; reserveBalanceAfterFen: number } | { status: 'APPROVED'; lastFailure: string },
  at: Date,
): Promise<boolean> {
  const TableName = config.tableName();
  const figures = outcome.status === 'PAID' ? ', paidFen = :paid, paidAt = :paidAt, reserveBalanceAfterFen = :after' : ', lastFailure = :failure';
  const values =
    outcome.status === 'PAID'
      ? { ':paid': outcome.paidFen, ':paidAt': outcome.paidAt, ':after': outcome.reserveBalanceAfterFen }
      : { ':failure': outcome.lastFailure };
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName,
              Key: decisionKey(loanId),
              UpdateExpression: `SET #status = :to, updatedAt = :at${figures}`,
              ConditionExpression: '#status = :paying AND paymentId = :id',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':to': outcome.status, ':paying': 'PAYING', ':id': paymentId, ':at': at.toISOString(), ...values },
            },
          },
          {
            Update: {
              TableName,
              Key: lockKey,
              UpdateExpression: 'REMOVE holder, heldSince',
              ConditionExpression: 'holder = :loan',
              ExpressionAttributeValues: { ':loan': loanId },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
    throw error;
  }
}

/** Decisions waiting for their payment (APPROVED) or for the bank (PAYING). */
export async function unpaidDecisions(): Promise<RiskReserveDecision[]> {
  return (await riskReserveDecisions()).filter((decision) => decision.status === 'APPROVED' || decision.status === 'PAYING');
}

export async function reserveBalanceFen(): Promise<number> {
  const balance = await accountBalance(accounts.riskReserve);
  return balance.creditsPosted - balance.debitsPosted - balance.debitsPending;
}

/** Decides (once) whether the reserve compensates the investors of a defaulted loan. */
export async function decideOnDefault(loanId: string, claimFen: number, at: Date): Promise<RiskReserveDecision> {
  const balance = await reserveBalanceFen();
  const compensates = policy.riskReserveCompensates();
  const amountFen = compensates ? Math.max(0, Math.min(balance, claimFen)) : 0;
  const decision: RiskReserveDecision = {
    loanId,
    decidedAt: at.toISOString(),
    status: amountFen > 0 ? 'APPROVED' : 'NOT_COMPENSATED',
    reason: !compensates ? 'POLICY_OFF' : amountFen > 0 ? 'POLICY_ON' : 'RESERVE_EMPTY',
    claimFen,
    amountFen,
    reserveBalanceFen: balance,
  };
  try {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { pk: 'RISK_RESERVE', sk: `DECISION#${loanId}`, ...decision }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return decision;
}

export async function riskReserveDecisions(): Promise<RiskReserveDecision[]> {
  const items = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :decision)', ExpressionAttributeValues: { ':pk': 'RISK_RESERVE', ':decision': 'DECISION#' }, ConsistentRead: true });
  return items.map(({ pk: _pk, sk: _sk, ...decision }) => decision as unknown as RiskReserveDecision);
}
