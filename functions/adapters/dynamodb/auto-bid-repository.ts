/**
 * Auto-bid plans in the platform table. Keys live here only:
 *   AUTO_BID_PLANS / PLAN#{planId}   a plan (one partition: the rotation reads every active plan)
 *   byOwner: USER#{investorId}#AUTO_BID_PLAN / {createdAt}#{planId}
 * A plan's spending is raised in the same transaction as its bid's freeze
 * (planSpendingItem), on condition the budget still allows it and the plan is still
 * active at the version the round read (an edit, pause or deletion meanwhile: no bid).
 * A deleted plan keeps its item (status DELETED) without the byOwner keys, so it leaves
 * the owner's list; the stamped update lets the audit trail name who deleted it.
 * Plans written before versions (no `version`, no `status`) read as version 1, ACTIVE.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, UnsuitableInvestorError } from '../../core/errors';
import { budgetBelowSpent, inRotation, type AutoBidPlan } from '../../core/auto-bid';
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
  const { pk: _pk, sk: _sk, ownerPk: _op, ownerSk: _os, changedAt: _ca, changedBy: _cb, requestId: _ri, ...plan } = item;
  return { status: 'ACTIVE', version: 1, ...plan } as unknown as AutoBidPlan;
}

/** The condition that the plan is at `version` (a plan written before versions is at 1); its names and values. */
function atVersion(version: number) {
  return {
    condition: version === 1 ? '(attribute_not_exists(#version) OR #version = :version)' : '#version = :version',
    names: { '#version': 'version' },
    values: { ':version': version },
  };
}

/** Every plan in the rotation, active with budget left (strongly consistent: the rotation must see the last service). */
export async function activePlans(): Promise<AutoBidPlan[]> {
  const items = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition }, ConsistentRead: true });
  return items.map(planFromItem).filter(inRotation);
}

export async function findPlan(planId: string): Promise<AutoBidPlan | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: planKey(planId), ConsistentRead: true }));
  return Item ? planFromItem(Item) : undefined;
}

/** The plan's terms, status and place in the rotation, on condition it is at the version before and has spent within the budget. */
export async function savePlan(plan: AutoBidPlan): Promise<void> {
  const version = atVersion(plan.version - 1);
  const terms = {
    amountPerLoanFen: plan.amountPerLoanFen,
    minTermMonths: plan.minTermMonths,
    maxTermMonths: plan.maxTermMonths,
    grades: plan.grades,
    budgetFen: plan.budgetFen,
    reserveFen: plan.reserveFen,
    capPerLoanFen: plan.capPerLoanFen,
    lastServedAt: plan.lastServedAt,
    ...(plan.minRate !== undefined ? { minRate: plan.minRate } : {}),
    ...(plan.maxRate !== undefined ? { maxRate: plan.maxRate } : {}),
  };
  const assigned = Object.keys(terms);
  const removed = [...(plan.minRate === undefined ? ['minRate'] : []), ...(plan.maxRate === undefined ? ['maxRate'] : []), ...(plan.status === 'DELETED' ? ['ownerPk', 'ownerSk'] : [])];
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: planKey(plan.planId),
        UpdateExpression: `SET ${[...assigned, 'status'].map((name) => `#${name} = :${name}`).join(', ')}, #version = :nextVersion${removed.length ? ` REMOVE ${removed.join(', ')}` : ''}`,
        ConditionExpression: `${version.condition} AND spentFen <= :budgetFen`,
        ExpressionAttributeNames: { ...Object.fromEntries([...assigned, 'status'].map((name) => [`#${name}`, name])), ...version.names },
        ExpressionAttributeValues: { ...Object.fromEntries(Object.entries(terms).map(([name, value]) => [`:${name}`, value])), ':status': plan.status, ...version.values, ':nextVersion': plan.version },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await findPlan(plan.planId);
    if (now?.version !== plan.version - 1) throw new ConcurrentModificationError(`auto-bid plan ${plan.planId} changed meanwhile: read it again`);
    throw budgetBelowSpent();
  }
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

/** The plan's side of its bid's transaction: spent += amount within the budget, served now; still active at the version read. */
export function planSpendingItem(plan: AutoBidPlan, amountFen: number, at: Date): ConditionalItem {
  const version = atVersion(plan.version);
  return {
    item: {
      Update: {
        TableName: config.tableName(),
        Key: planKey(plan.planId),
        UpdateExpression: 'SET spentFen = spentFen + :amount, lastServedAt = :at',
        ConditionExpression: `spentFen <= :maxBefore AND ${version.condition} AND (attribute_not_exists(#status) OR #status = :active)`,
        ExpressionAttributeNames: { ...version.names, '#status': 'status' },
        ExpressionAttributeValues: { ':amount': amountFen, ':at': at.toISOString(), ':maxBefore': plan.budgetFen - amountFen, ...version.values, ':active': 'ACTIVE' },
      },
    },
    conditionFailed: () => new UnsuitableInvestorError(`auto-bid plan ${plan.planId} has no budget left for this bid, or changed meanwhile`),
  };
}
