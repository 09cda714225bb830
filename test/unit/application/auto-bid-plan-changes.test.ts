/**
 * The owner's edit, pause, resume and delete of an auto-bid plan (functions/application/auto-bid-plan.ts)
 * against an in-memory store that keeps the adapter's conditions (the version before, the budget
 * within what was spent): anyone else is told there is no such plan, a stale version is a conflict,
 * and a refused change leaves the plan as it was.
 */
import { changeAutoBidPlanStatus, createAutoBidPlan, editAutoBidPlan, type AutoBidPlanForm, type AutoBidPlanPorts } from '../../../functions/application/auto-bid-plan';
import { budgetBelowSpent, type AutoBidPlan } from '../../../functions/core/auto-bid';
import { BidRefusedError, ConcurrentModificationError, InvalidRequestError, NotFoundError } from '../../../functions/core/errors';
import { ratio } from '../../../functions/core/rational';
import type { UserProfile } from '../../../functions/core/users';

const at = new Date('2026-12-01T00:00:00.000Z');
const stored = new Map<string, AutoBidPlan>();
const ports: AutoBidPlanPorts = {
  plans: {
    create: async (plan) => (stored.set(plan.planId, plan), plan),
    find: async (planId) => stored.get(planId),
    save: async (before, after) => {
      const now = stored.get(after.planId);
      if (now?.version !== before.version) throw new ConcurrentModificationError();
      if (now.spentFen > after.budgetFen) throw budgetBelowSpent();
      stored.set(after.planId, { ...after, spentFen: now.spentFen, lastServedAt: after.lastServedAt === before.lastServedAt ? now.lastServedAt : after.lastServedAt });
    },
  },
  profiles: { find: async () => ({ riskAssessment: { level: 'C5', expiresAt: '2027-12-01T00:00:00.000Z' } }) as unknown as UserProfile },
  policy: { minimumBidFen: () => 10_000, bidStepFen: () => 10_000, portfolioLoanShareLimit: () => ratio(1n, 5n) },
};
const form: AutoBidPlanForm = { amountPerLoan: '1000.00', budget: '5000.00', reserveBalance: '0.00', minRate: '0.05', minTermMonths: 1, maxTermMonths: 36, grades: ['A', 'B'] };
const owner = 'investor-1';

async function newPlan(): Promise<AutoBidPlan> {
  stored.clear();
  return createAutoBidPlan(ports, { investorId: owner, idempotencyKey: 'key-1', form }, at);
}

test('the owner edits the terms from the version read; the version rises; a stale version is a conflict and changes nothing', async () => {
  const plan = await newPlan();
  expect(plan).toMatchObject({ status: 'ACTIVE', version: 1 });
  const edited = await editAutoBidPlan(ports, { investorId: owner, planId: plan.planId, version: 1, form: { ...form, amountPerLoan: '2000.00', minRate: undefined, grades: ['C'] } }, at);
  expect(edited).toMatchObject({ version: 2, amountPerLoanFen: 200_000, capPerLoanFen: 200_000, grades: ['C'], status: 'ACTIVE', createdAt: plan.createdAt });
  expect(edited).not.toHaveProperty('minRate');
  expect(stored.get(plan.planId)).toEqual(edited);
  await expect(editAutoBidPlan(ports, { investorId: owner, planId: plan.planId, version: 1, form }, at)).rejects.toBeInstanceOf(ConcurrentModificationError);
  expect(stored.get(plan.planId)).toEqual(edited);
});

test('bad terms are refused like a new plan’s, at the field, and change nothing', async () => {
  const plan = await newPlan();
  const edit = (changes: Partial<AutoBidPlanForm>) => editAutoBidPlan(ports, { investorId: owner, planId: plan.planId, version: 1, form: { ...form, ...changes } }, at);
  await expect(edit({ minTermMonths: 12, maxTermMonths: 6 })).rejects.toMatchObject({ constructor: InvalidRequestError, details: [{ path: 'body.minTermMonths' }] });
  await expect(edit({ amountPerLoan: '150.00' })).rejects.toMatchObject({ constructor: BidRefusedError, details: [{ path: 'body.amountPerLoan' }] });
  stored.set(plan.planId, { ...plan, spentFen: 300_000 });
  await expect(edit({ budget: '2000.00' })).rejects.toMatchObject({ constructor: BidRefusedError, details: [{ path: 'body.budget' }] });
  expect(stored.get(plan.planId)).toEqual({ ...plan, spentFen: 300_000 });
});

test('pause, resume, delete; again is no change; a deleted plan, like a stranger’s, is not found', async () => {
  const plan = await newPlan();
  const act = (action: 'pause' | 'resume' | 'delete', investorId = owner) => changeAutoBidPlanStatus(ports, { investorId, planId: plan.planId, action }, at);
  expect(await act('pause')).toMatchObject({ status: 'PAUSED', version: 2 });
  expect(await act('pause')).toMatchObject({ status: 'PAUSED', version: 2 });
  expect(await act('resume')).toMatchObject({ status: 'ACTIVE', version: 3 });
  for (const action of ['pause', 'resume', 'delete'] as const) await expect(act(action, 'stranger')).rejects.toBeInstanceOf(NotFoundError);
  await expect(editAutoBidPlan(ports, { investorId: 'stranger', planId: plan.planId, version: 3, form }, at)).rejects.toBeInstanceOf(NotFoundError);
  expect(stored.get(plan.planId)).toMatchObject({ status: 'ACTIVE', version: 3 });
  expect(await act('delete')).toMatchObject({ status: 'DELETED', version: 4 });
  await expect(act('delete')).rejects.toBeInstanceOf(NotFoundError);
  await expect(act('resume')).rejects.toBeInstanceOf(NotFoundError);
  await expect(editAutoBidPlan(ports, { investorId: owner, planId: plan.planId, version: 4, form }, at)).rejects.toBeInstanceOf(NotFoundError);
});
