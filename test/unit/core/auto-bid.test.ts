/** Auto-bid plans: the fair rotation, the criteria, the amount each plan bids (property tests), and the owner's edit, pause, resume and delete. */
import fc from 'fast-check';
import { autoBidAmount, editedPlan, inRotation, planAfter, planMatches, rotationOrder, type AutoBidPlan, type AutoBidPlanTerms } from '../../../functions/core/auto-bid';
import { BidRefusedError } from '../../../functions/core/errors';

const basePlan: AutoBidPlan = {
  planId: 'plan-1',
  investorId: 'investor-1',
  status: 'ACTIVE',
  version: 1,
  amountPerLoanFen: 100_000,
  minRate: '0.08',
  maxRate: '0.15',
  minTermMonths: 3,
  maxTermMonths: 12,
  grades: ['A', 'B'],
  budgetFen: 500_000,
  spentFen: 0,
  reserveFen: 50_000,
  capPerLoanFen: 100_000,
  createdAt: '2026-11-01T00:00:00.000Z',
  lastServedAt: '2026-11-01T00:00:00.000Z',
};
const listing = { loanId: 'loan-1', borrowerId: 'borrower-1', grade: 'B', termMonths: 12, annualRate: '0.12' };
const limits = { remainingFen: 1_000_000, availableFen: 1_000_000, minimumFen: 10_000, stepFen: 10_000 };

test('the rotation serves the longest-waiting plan first, deterministically', () => {
  const plans = [
    { ...basePlan, planId: 'c', lastServedAt: '2026-11-03T00:00:00.000Z' },
    { ...basePlan, planId: 'a', lastServedAt: '2026-11-02T00:00:00.000Z' },
    { ...basePlan, planId: 'b', lastServedAt: '2026-11-02T00:00:00.000Z', createdAt: '2026-10-01T00:00:00.000Z' },
  ];
  expect(rotationOrder(plans).map((plan) => plan.planId)).toEqual(['b', 'a', 'c']);
  const instant = fc.integer({ min: 0, max: 10 ** 6 }).map((offset) => new Date(Date.UTC(2026, 0, 1) + offset * 1000).toISOString());
  fc.assert(
    fc.property(fc.uniqueArray(fc.record({ planId: fc.string({ minLength: 1, maxLength: 6 }), lastServedAt: instant, createdAt: instant }), { selector: (plan) => plan.planId }), (many) => {
      const ordered = rotationOrder(many);
      expect(ordered).toHaveLength(many.length);
      for (let index = 1; index < ordered.length; index += 1) expect(ordered[index - 1]!.lastServedAt <= ordered[index]!.lastServedAt).toBe(true);
      // The order does not depend on the order plans were read in.
      expect(rotationOrder([...many].reverse())).toEqual(ordered);
    }),
  );
});

test('criteria: grades, term range, rate range (exact), never the investor’s own loan', () => {
  expect(planMatches(basePlan, listing)).toBe(true);
  expect(planMatches(basePlan, { ...listing, grade: 'C' })).toBe(false);
  expect(planMatches(basePlan, { ...listing, termMonths: 24 })).toBe(false);
  expect(planMatches(basePlan, { ...listing, annualRate: '0.150001' })).toBe(false);
  expect(planMatches(basePlan, { ...listing, annualRate: '0.15' })).toBe(true);
  expect(planMatches(basePlan, { ...listing, annualRate: undefined })).toBe(false);
  expect(planMatches(basePlan, { ...listing, borrowerId: 'investor-1' })).toBe(false);
});

test('the amount: never above remaining, budget left, available above the reserve, or the cap; whole steps; 0 below the minimum', () => {
  expect(autoBidAmount(basePlan, limits)).toBe(100_000);
  expect(autoBidAmount(basePlan, { ...limits, remainingFen: 30_000 })).toBe(30_000);
  expect(autoBidAmount(basePlan, { ...limits, availableFen: 125_000 })).toBe(70_000);
  expect(autoBidAmount({ ...basePlan, spentFen: 495_000 }, limits)).toBe(0);
  fc.assert(
    fc.property(
      fc.record({
        amountPerLoanFen: fc.integer({ min: 1, max: 200 }).map((steps) => steps * 10_000),
        capPerLoanFen: fc.integer({ min: 1, max: 200 }).map((steps) => steps * 10_000),
        budgetFen: fc.integer({ min: 0, max: 10 ** 8 }),
        spentFen: fc.integer({ min: 0, max: 10 ** 8 }),
        reserveFen: fc.integer({ min: 0, max: 10 ** 7 }),
      }),
      fc.integer({ min: 0, max: 10 ** 8 }),
      fc.integer({ min: 0, max: 10 ** 8 }),
      (criteria, remainingFen, availableFen) => {
        const plan = { ...basePlan, ...criteria, spentFen: Math.min(criteria.spentFen, criteria.budgetFen) };
        const amount = autoBidAmount(plan, { ...limits, remainingFen, availableFen });
        expect(amount % limits.stepFen).toBe(0);
        if (amount === 0) return;
        expect(amount).toBeGreaterThanOrEqual(limits.minimumFen);
        expect(amount).toBeLessThanOrEqual(Math.min(plan.amountPerLoanFen, plan.capPerLoanFen, remainingFen, plan.budgetFen - plan.spentFen, availableFen - plan.reserveFen));
      },
    ),
  );
});

const later = new Date('2026-11-20T00:00:00.000Z');

test('only an active plan with budget left is in the rotation', () => {
  expect(inRotation(basePlan)).toBe(true);
  expect(inRotation({ ...basePlan, status: 'PAUSED' })).toBe(false);
  expect(inRotation({ ...basePlan, status: 'DELETED' })).toBe(false);
  expect(inRotation({ ...basePlan, spentFen: basePlan.budgetFen })).toBe(false);
});

test('pause, resume and delete: each a new version; again is no change; resume joins the back of the rotation', () => {
  const paused = planAfter({ ...basePlan, lastServedAt: '2026-11-05T00:00:00.000Z' }, 'pause', later);
  expect(paused).toMatchObject({ status: 'PAUSED', version: 2, lastServedAt: '2026-11-05T00:00:00.000Z' });
  expect(planAfter(paused, 'pause', later)).toBe(paused);
  const resumed = planAfter(paused, 'resume', later);
  expect(resumed).toMatchObject({ status: 'ACTIVE', version: 3, lastServedAt: later.toISOString() });
  expect(planAfter(resumed, 'resume', later)).toBe(resumed);
  expect(rotationOrder([resumed, { ...basePlan, planId: 'waiting', lastServedAt: '2026-11-10T00:00:00.000Z' }]).map((plan) => plan.planId)).toEqual(['waiting', 'plan-1']);
  const deleted = planAfter(paused, 'delete', later);
  expect(deleted).toMatchObject({ status: 'DELETED', version: 3 });
  expect(planAfter(deleted, 'resume', later)).toBe(deleted);
});

test('an edit replaces the terms whole (an absent rate bound is gone), keeps spending, status and place, and never goes below what was spent', () => {
  const spent = { ...basePlan, status: 'PAUSED' as const, spentFen: 200_000, lastServedAt: '2026-11-05T00:00:00.000Z' };
  const terms: AutoBidPlanTerms = { amountPerLoanFen: 50_000, maxRate: '0.18', minTermMonths: 1, maxTermMonths: 6, grades: ['C'], budgetFen: 200_000, reserveFen: 0, capPerLoanFen: 50_000 };
  const edited = editedPlan(spent, terms);
  expect(edited).toEqual({ ...terms, planId: 'plan-1', investorId: 'investor-1', status: 'PAUSED', version: 2, spentFen: 200_000, createdAt: basePlan.createdAt, lastServedAt: '2026-11-05T00:00:00.000Z' });
  expect(edited).not.toHaveProperty('minRate');
  expect(() => editedPlan(spent, { ...terms, budgetFen: 190_000 })).toThrow(BidRefusedError);
});
