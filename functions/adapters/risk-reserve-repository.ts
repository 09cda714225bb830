/**
 * The risk reserve's decisions and uses (风险准备金使用), disclosed by GET /v1/risk-reserve.
 * Keys live here only: RISK_RESERVE / DECISION#{loanId}, one per defaulted loan
 * (written once: a replayed default decides nothing new).
 *
 * When a loan defaults, the policy switch (policy.riskReserveCompensates, off by default)
 * decides: off → the decision is recorded as NOT_COMPENSATED (POLICY_OFF); on → a use is
 * recorded as APPROVED for min(reserve balance, the loan's unpaid principal + interest).
 * NOT YET BUILT: paying an APPROVED use (the ledger entry platform:risk-reserve → the
 * investors' custody accounts pro rata, and the custody transfer from PLATFORM-FEES at
 * the bank); until then an approved use stays APPROVED and moves no money.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { accounts } from '../core/ledger';
import { config } from './config';
import { documents, isConditionFailure, queryAll } from './dynamodb';
import { accountBalance } from './ledger-repository';
import { policy } from './policy';

export interface RiskReserveDecision {
  readonly loanId: string;
  readonly decidedAt: string;
  readonly status: 'NOT_COMPENSATED' | 'APPROVED' | 'PAID';
  readonly reason: 'POLICY_OFF' | 'POLICY_ON' | 'RESERVE_EMPTY';
  /** The investors' claim at default: unpaid principal + interest of the loan (fen). */
  readonly claimFen: number;
  /** What the reserve is to pay (0 when not compensated). */
  readonly amountFen: number;
  readonly reserveBalanceFen: number;
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
  const items = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :decision)', ExpressionAttributeValues: { ':pk': 'RISK_RESERVE', ':decision': 'DECISION#' } });
  return items.map(({ pk: _pk, sk: _sk, ...decision }) => decision as unknown as RiskReserveDecision);
}
