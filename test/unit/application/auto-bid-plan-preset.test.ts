/**
 * The "diversified" auto-bid preset (functions/application/auto-bid-plan.ts): each loan
 * capped at the portfolio loan-share limit of the budget in whole steps (or a lower asked
 * cap), at least two grades, and a budget too small to diversify refused.
 */
import { createAutoBidPlan, type AutoBidPlanForm, type AutoBidPlanPorts } from '../../../functions/application/auto-bid-plan';
import { diversifiedCapPerLoanFen } from '../../../functions/core/auto-bid';
import { BidRefusedError, InvalidRequestError } from '../../../functions/core/errors';
import { ratio } from '../../../functions/core/rational';
import type { UserProfile } from '../../../functions/core/users';

const at = new Date('2026-12-01T00:00:00.000Z');
const ports: AutoBidPlanPorts = {
  plans: { create: async (plan) => plan, find: async () => undefined, save: async () => {} },
  profiles: { find: async () => ({ riskAssessment: { level: 'C5', expiresAt: '2027-12-01T00:00:00.000Z' } }) as unknown as UserProfile },
  policy: { minimumBidFen: () => 10_000, bidStepFen: () => 10_000, portfolioLoanShareLimit: () => ratio(1n, 5n) },
};
const form: AutoBidPlanForm = { amountPerLoan: '1000.00', budget: '3550.00', reserveBalance: '0.00', minTermMonths: 1, maxTermMonths: 36, grades: ['A', 'B'], preset: 'DIVERSIFIED' };
const create = (changes: Partial<AutoBidPlanForm>) => createAutoBidPlan(ports, { investorId: 'user-1', idempotencyKey: 'key-1', form: { ...form, ...changes } }, at);

test('the cap: a fifth of the budget rounded down to whole steps', () => {
  expect(diversifiedCapPerLoanFen(355_000, ratio(1n, 5n), 10_000)).toBe(70_000);
  expect(diversifiedCapPerLoanFen(50_000, ratio(1n, 5n), 10_000)).toBe(10_000);
  expect(diversifiedCapPerLoanFen(49_999, ratio(1n, 5n), 10_000)).toBe(0);
});

test('a diversified plan caps each loan at the limit, or lower when asked; without the preset the asked cap stands', async () => {
  expect((await create({})).capPerLoanFen).toBe(70_000);
  expect((await create({ capPerLoan: '500.00' })).capPerLoanFen).toBe(50_000);
  expect((await create({ preset: undefined })).capPerLoanFen).toBe(100_000);
});

test('one grade, or a budget too small to spread, is refused', async () => {
  await expect(create({ grades: ['A'] })).rejects.toBeInstanceOf(InvalidRequestError);
  await expect(create({ grades: ['A', 'A'] })).rejects.toBeInstanceOf(InvalidRequestError);
  await expect(create({ budget: '400.00' })).rejects.toBeInstanceOf(BidRefusedError);
});
