/** Pre-loan checks, the scorecard, the rule book and the credit-bureau simulator. */
import fc from 'fast-check';
import { applicationRefusals, borrowingCaps, platformOutstandingFen, type LoanApplicationRecord, type LoanApplicationTerms } from '../../../functions/core/loan-application';
import { basePoints, gradeOf, scoreApplication, scorecard, type ScorecardFacts } from '../../../functions/core/credit-scorecard';
import { debtToMonthlyIncomePercent, reviewApplication, type ReviewInputs } from '../../../functions/core/risk-rules';
import { parseRate } from '../../../functions/core/rate';
import { simulatedBureauCase, simulatedBureauCases, simulatedReports } from '../../../functions/adapters/credit-bureau/credit-bureau';

const policy = { loanPrimeRate: parseRate('0.0345'), lprMultiple: 4, incomeMultiple: 3 };
const terms = (overrides: Partial<LoanApplicationTerms> = {}): LoanApplicationTerms => ({
  kind: 'personal',
  amountFen: 3_000_000,
  termMonths: 12,
  annualRate: parseRate('0.10'),
  method: 'EQUAL_INSTALLMENT',
  monthlyIncomeFen: 2_000_000,
  ...overrides,
});
const noDebt = { platformOutstandingFen: 0, otherPlatformsOutstandingFen: 0 };

describe('pre-loan checks', () => {
  test('a sound application passes', () => {
    expect(applicationRefusals(terms(), policy, noDebt)).toEqual([]);
  });

  test('the legal cap is 4 × LPR: 13.8% passes, 13.8001% does not', () => {
    expect(applicationRefusals(terms({ annualRate: parseRate('0.138') }), policy, noDebt)).toEqual([]);
    expect(applicationRefusals(terms({ annualRate: parseRate('0.138001') }), policy, noDebt)).toEqual(['RATE_ABOVE_LEGAL_CAP']);
    expect(applicationRefusals(terms({ annualRate: parseRate('0.15') }), { ...policy, loanPrimeRate: parseRate('0.04') }, noDebt)).toEqual([]);
  });

  test('amount ≤ income multiple × monthly income, exactly at the boundary', () => {
    expect(applicationRefusals(terms({ amountFen: 6_000_000 }), policy, noDebt)).toEqual([]);
    expect(applicationRefusals(terms({ amountFen: 6_000_001 }), policy, noDebt)).toEqual(['AMOUNT_ABOVE_INCOME_MULTIPLE']);
  });

  test('limits and term range', () => {
    expect(applicationRefusals(terms({ amountFen: 99_999 }), policy, noDebt)).toEqual(['AMOUNT_BELOW_MINIMUM']);
    expect(applicationRefusals(terms({ termMonths: 0 }), policy, noDebt)).toEqual(['TERM_OUT_OF_RANGE']);
    expect(applicationRefusals(terms({ termMonths: 61 }), policy, noDebt)).toEqual(['TERM_OUT_OF_RANGE']);
  });

  test('property: the regulatory caps hold for every accepted application', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('personal' as const, 'enterprise' as const),
        fc.integer({ min: 100_000, max: 200_000_000 }),
        fc.integer({ min: 0, max: 200_000_000 }),
        fc.integer({ min: 0, max: 600_000_000 }),
        (kind, amountFen, platformOutstandingFen, otherPlatformsOutstandingFen) => {
          const application = terms({ kind, amountFen, monthlyIncomeFen: 100_000_000 });
          const reasons = applicationRefusals(application, policy, { platformOutstandingFen, otherPlatformsOutstandingFen });
          const caps = borrowingCaps[kind];
          const withinPlatform = platformOutstandingFen + amountFen <= caps.platformFen;
          const withinAll = platformOutstandingFen + otherPlatformsOutstandingFen + amountFen <= caps.allPlatformsFen;
          expect(reasons.includes('PLATFORM_LIMIT_EXCEEDED')).toBe(!withinPlatform);
          expect(reasons.includes('CROSS_PLATFORM_LIMIT_EXCEEDED')).toBe(!withinAll);
          if (reasons.length === 0) expect(withinPlatform && withinAll).toBe(true);
        },
      ),
    );
  });

  test('a person ¥200,000 / ¥1,000,000; an enterprise ¥1,000,000 / ¥5,000,000', () => {
    const big = { monthlyIncomeFen: 1_000_000_000 };
    expect(applicationRefusals(terms({ ...big, amountFen: 5_000_000 }), policy, { platformOutstandingFen: 15_000_001, otherPlatformsOutstandingFen: 0 })).toEqual([
      'PLATFORM_LIMIT_EXCEEDED',
    ]);
    expect(applicationRefusals(terms({ ...big, amountFen: 5_000_000 }), policy, { platformOutstandingFen: 0, otherPlatformsOutstandingFen: 95_000_001 })).toEqual([
      'CROSS_PLATFORM_LIMIT_EXCEEDED',
    ]);
    expect(
      applicationRefusals(terms({ ...big, kind: 'enterprise', amountFen: 50_000_000 }), policy, { platformOutstandingFen: 50_000_000, otherPlatformsOutstandingFen: 400_000_000 }),
    ).toEqual([]);
  });
});

const cleanFacts: ScorecardFacts = { amountFen: 2_000_000, termMonths: 12, monthlyIncomeFen: 2_000_000, creditHistoryMonths: 60, overdueCount24m: 0, otherPlatformsOutstandingFen: 0 };

describe('scorecard-2026.1', () => {
  test('the score is the base plus each feature’s points, explained feature by feature', () => {
    const card = scoreApplication(cleanFacts);
    expect(card.contributions.map((contribution) => contribution.points)).toEqual([40, 20, 30, 25, 15]);
    expect(card).toMatchObject({ score: 690, grade: 'A', scorecardVersion: 'scorecard-2026.1' });
    expect(scoreApplication({ ...cleanFacts, amountFen: 6_000_000, termMonths: 36 })).toMatchObject({ score: 630, grade: 'C' });
  });

  test('grades by band', () => {
    expect([700, 680, 679, 650, 649, 620, 619, 590, 589, 560, 400].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'E', 'E', 'E']);
  });

  test('property: every feature lands in exactly one listed bin, and worse facts never score higher', () => {
    const facts = fc.record({
      amountFen: fc.integer({ min: 100_000, max: 100_000_000 }),
      termMonths: fc.integer({ min: 1, max: 60 }),
      monthlyIncomeFen: fc.integer({ min: 1, max: 100_000_000 }),
      creditHistoryMonths: fc.integer({ min: 0, max: 400 }),
      overdueCount24m: fc.integer({ min: 0, max: 10 }),
      otherPlatformsOutstandingFen: fc.integer({ min: 0, max: 500_000_000 }),
    });
    fc.assert(
      fc.property(facts, fc.integer({ min: 1, max: 3 }), (base, extraOverdue) => {
        const card = scoreApplication(base);
        expect(card.contributions).toHaveLength(scorecard.length);
        expect(card.score).toBe(basePoints + card.contributions.reduce((sum, contribution) => sum + contribution.points, 0));
        expect(Number.isInteger(card.score)).toBe(true);
        expect(scoreApplication({ ...base, overdueCount24m: base.overdueCount24m + extraOverdue }).score).toBeLessThanOrEqual(card.score);
        expect(scoreApplication({ ...base, amountFen: base.amountFen * 2 }).score).toBeLessThanOrEqual(card.score);
        expect(scoreApplication({ ...base, otherPlatformsOutstandingFen: base.otherPlatformsOutstandingFen + 1_000_000 }).score).toBeLessThanOrEqual(card.score);
      }),
    );
  });
});

const inputs = (overrides: Partial<ReviewInputs> = {}): ReviewInputs => ({
  ...cleanFacts,
  kycVerified: true,
  blacklisted: false,
  maxOverdueDays: 0,
  currentOverdueFen: 0,
  debtToMonthlyIncomePercent: 100,
  applicationsInWindow: 1,
  largeAmount: false,
  ...overrides,
});

describe('the rule book', () => {
  test('a clean application is approved with its scorecard grade', () => {
    expect(reviewApplication(inputs())).toMatchObject({ decision: 'APPROVED', grade: 'A', reasons: [], score: 690, rulebookVersion: 'rules-2026.1' });
  });

  test.each([
    [{ kycVerified: false }, 'KYC_NOT_VERIFIED'],
    [{ blacklisted: true }, 'BLACKLISTED'],
    [{ currentOverdueFen: 1 }, 'BUREAU_CURRENTLY_OVERDUE'],
    [{ maxOverdueDays: 91, overdueCount24m: 1 }, 'BUREAU_SEVERE_DELINQUENCY'],
    [{ debtToMonthlyIncomePercent: 2401 }, 'DEBT_TO_INCOME_TOO_HIGH'],
    [{ applicationsInWindow: 4 }, 'APPLICATION_VELOCITY_EXCEEDED'],
  ] as const)('a hard rule rejects: %o → %s', (overrides, code) => {
    const review = reviewApplication(inputs(overrides));
    expect(review.decision).toBe('REJECTED');
    expect(review.reasons).toContain(code);
  });

  test('every rule that fires is reported, rejections over referrals', () => {
    const review = reviewApplication(inputs({ kycVerified: false, blacklisted: true, creditHistoryMonths: 0 }));
    expect(review).toMatchObject({ decision: 'REJECTED', reasons: ['KYC_NOT_VERIFIED', 'BLACKLISTED'] });
  });

  test.each([
    [{ creditHistoryMonths: 0 }, 'NO_CREDIT_HISTORY'],
    [{ overdueCount24m: 1, maxOverdueDays: 20 }, 'BUREAU_PAST_OVERDUE'],
    [{ applicationsInWindow: 2 }, 'APPLICATION_VELOCITY'],
    [{ largeAmount: true }, 'LARGE_AMOUNT'],
  ] as const)('a referral sends it to a reviewer: %o → %s', (overrides, code) => {
    expect(reviewApplication(inputs(overrides))).toMatchObject({ decision: 'MANUAL_REVIEW', reasons: [code] });
  });

  test('a score below the cut-off rejects; grade E refers', () => {
    const poor = inputs({ overdueCount24m: 2, maxOverdueDays: 30, amountFen: 6_000_000, termMonths: 48, otherPlatformsOutstandingFen: 30_000_000, creditHistoryMonths: 10 });
    expect(reviewApplication(poor)).toMatchObject({ decision: 'REJECTED', reasons: ['SCORE_BELOW_CUTOFF'] });
  });

  test('debt-to-income is exact: floor(100 × debt / income)', () => {
    expect(debtToMonthlyIncomePercent(48_000_000, 2_000_000)).toBe(2400);
    expect(debtToMonthlyIncomePercent(48_000_001, 2_000_000)).toBe(2400);
    expect(debtToMonthlyIncomePercent(48_020_000, 2_000_000)).toBe(2401);
    expect(debtToMonthlyIncomePercent(1, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('the credit-bureau simulator', () => {
  test('is deterministic per userId and reaches every documented case', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 2000; index += 1) {
      const userId = `user-${index}`;
      expect(simulatedBureauCase(userId)).toBe(simulatedBureauCase(userId));
      seen.add(simulatedBureauCase(userId));
    }
    expect([...seen].sort()).toEqual([...simulatedBureauCases].sort());
  });

  test("the documented cases lead where the README says, for a modest personal loan", () => {
    const decide = (report: (typeof simulatedReports)[keyof typeof simulatedReports]) =>
      reviewApplication(
        inputs({
          creditHistoryMonths: report.creditHistoryMonths,
          overdueCount24m: report.overdueCount24m,
          maxOverdueDays: report.maxOverdueDays,
          currentOverdueFen: report.currentOverdueFen,
          otherPlatformsOutstandingFen: report.otherPlatformsOutstandingFen,
          blacklisted: report.dishonestDebtor,
          monthlyIncomeFen: 2_000_000,
          debtToMonthlyIncomePercent: debtToMonthlyIncomePercent(report.otherPlatformsOutstandingFen + 2_000_000, 2_000_000),
        }),
      ).decision;
    expect(decide(simulatedReports.CLEAN)).toBe('APPROVED');
    expect(decide(simulatedReports.MODERATE_DEBT)).toBe('APPROVED');
    expect(decide(simulatedReports.THIN_FILE)).toBe('MANUAL_REVIEW');
    expect(decide(simulatedReports.PAST_OVERDUE)).toBe('MANUAL_REVIEW');
    expect(decide(simulatedReports.SEVERE_DELINQUENCY)).toBe('REJECTED');
    expect(decide(simulatedReports.DISHONEST_DEBTOR)).toBe('REJECTED');
  });
});

test('a settled, written-off, failed, rejected or expired loan no longer counts against the caps; one lent or applied for does', () => {
  const loan = (loanId: string, status: string) => ({ loanId, borrowerId: 'b', amountFen: 100, termMonths: 12, status, createdAt: '', updatedAt: '' }) as LoanApplicationRecord;
  const loans = ['SETTLED', 'WRITTEN_OFF', 'DISBURSEMENT_FAILED', 'REJECTED', 'EXPIRED', 'APPLIED', 'LISTED', 'REPAYING', 'DEFAULTED'].map((status, index) => loan(`L${index}`, status));
  expect(platformOutstandingFen(loans)).toBe(400);
  expect(platformOutstandingFen(loans, 'L5')).toBe(300);
});
