/**
 * Auto-bid plans in the platform table. Keys live here only:
 *   AUTO_BID_PLANS / PLAN#{planId}   a plan (one partition: the rotation reads every active plan)
 *   byOwner: USER#{investorId}#AUTO_BID_PLAN / {createdAt}#{planId}
 * A plan's spending is raised in the same transaction as its bid's freeze
 * (planSpendingItem), on condition the budget still allows it.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, UnsuitableInvestorError } from '../../core/errors';
import type { AutoBidPlan } from '../../core/auto-bid';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryAll } from './client';
import type { ConditionalItem } from './ledger-repository';

const partition = 'AUTO_BID_PLANS';
const planKey = (planId: string) => ({ pk: partition, sk: `PLAN#${planId}` });
const ownerPartition = (investorId: string) => `USER#${investorId}#AUTO_BID_PLAN`;

export async function createPlan(plan: AutoBidPlan): Promise<AutoBidPlan> {
  try {
    await documents.send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...planKey(plan.planId), ...plan, ownerPk: ownerPartition(plan.investorId), ownerSk: `${plan.createdAt}#${plan.planId}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConcurrentModificationError(`auto-bid plan ${plan.planId} already exists`);
    throw error;
  }
  return plan;
}

function planFromItem(item: Record<string, unknown>): AutoBidPlan {
  const { pk: _pk, sk: _sk, ownerPk: _op, ownerSk: _os, ...plan } = item;
  return plan as unknown as AutoBidPlan;
}

/** Every plan with budget left (strongly consistent: the rotation must see the last service). */
export async function activePlans(): Promise<AutoBidPlan[]> {
  const items = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition }, ConsistentRead: true });
  return items.map(planFromItem).filter((plan) => plan.spentFen < plan.budgetFen);
}

export async function plansOfInvestor(investorId: string): Promise<AutoBidPlan[]> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :owner',
      ExpressionAttributeValues: { ':owner': ownerPartition(investorId) },
      ScanIndexForward: false,
    }),
  );
  return (Items ?? []).map(planFromItem);
}

/** The plan's side of its bid's transaction: spent += amount within the budget, served now. */
export function planSpendingItem(plan: AutoBidPlan, amountFen: number, at: Date): ConditionalItem {
  return {
    item: {
      Update: {
        TableName: config.tableName(),
        Key: planKey(plan.planId),
        UpdateExpression: 'SET spentFen = spentFen + :amount, lastServedAt = :at',
        ConditionExpression: 'spentFen <= :maxBefore',
        ExpressionAttributeValues: { ':amount': amountFen, ':at': at.toISOString(), ':maxBefore': plan.budgetFen - amountFen },
      },
    },
    conditionFailed: () => new UnsuitableInvestorError(`auto-bid plan ${plan.planId} has no budget left for this bid`),
  };
}
