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

/** What an edit or a status change may write: never the spending, which bids raise meanwhile. */
const changeable = ['amountPerLoanFen', 'minRate', 'maxRate', 'minTermMonths', 'maxTermMonths', 'grades', 'budgetFen', 'reserveFen', 'capPerLoanFen', 'status', 'lastServedAt'] as const;

/** Writes what differs from `before` (and the version) on condition the plan is still at `before`'s version and has spent within the budget. */
export async function savePlan(before: AutoBidPlan, after: AutoBidPlan): Promise<void> {
  const version = atVersion(before.version);
  const changed = changeable.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
  const assigned = changed.filter((name) => after[name] !== undefined);
  const removed = [...changed.filter((name) => after[name] === undefined).map((name) => `#${name}`), ...(after.status === 'DELETED' ? ['ownerPk', 'ownerSk'] : [])];
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: planKey(after.planId),
        UpdateExpression: `SET ${[...assigned.map((name) => `#${name} = :${name}`), '#version = :nextVersion'].join(', ')}${removed.length ? ` REMOVE ${removed.join(', ')}` : ''}`,
        ConditionExpression: `${version.condition} AND spentFen <= :budgetFen`,
        ExpressionAttributeNames: { ...Object.fromEntries(changed.map((name) => [`#${name}`, name])), ...version.names },
        ExpressionAttributeValues: { ...Object.fromEntries(assigned.map((name) => [`:${name}`, after[name]])), ':budgetFen': after.budgetFen, ...version.values, ':nextVersion': after.version },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if ((await findPlan(after.planId))?.version !== before.version) throw new ConcurrentModificationError(`auto-bid plan ${after.planId} changed meanwhile: read it again`);
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
