import fc from 'fast-check';
import {
  allowedGrades,
  assessmentExpiry,
  assessmentInForce,
  investmentLimit,
  isAssessmentValid,
  isGradeAllowed,
  levelRaiseCoolingOffDays,
  reassess,
} from '../../../functions/core/investor-suitability';
import { formatYuan } from '../../../functions/core/money';
import { riskGrades } from '../../../functions/core/risk-grade';
import { investorRiskLevels, riskQuestionnaire2026, scoreRiskQuestionnaire, type RiskAnswers2026 } from '../../../functions/core/risk-questionnaire';
import { runs } from './lending-arbitraries';
import { boldAnswers } from '../../fixtures/risk-answers';

const cautious: RiskAnswers2026 = {
  ageBand: 'AGE_61_TO_70',
  annualIncomeBand: 'UNDER_100K',
  investmentExperience: 'BANK_DEPOSITS_AND_WEALTH_PRODUCTS',
  lossTolerance: 'UP_TO_5_PERCENT',
  investmentHorizon: 'UNDER_6_MONTHS',
  shareOfAssets: 'FROM_30_TO_50_PERCENT',
};
test('questionnaire 2026-1 totals 4–100 points; each answer scores as documented', () => {
  const max = Object.values(riskQuestionnaire2026.questions).reduce((sum, options) => sum + Math.max(...Object.values(options)), 0);
  const min = Object.values(riskQuestionnaire2026.questions).reduce((sum, options) => sum + Math.min(...Object.values(options)), 0);
  expect([min, max]).toEqual([4, 100]);
  expect(scoreRiskQuestionnaire(riskQuestionnaire2026, cautious)).toEqual({ questionnaireVersion: '2026-1', score: 3 + 2 + 4 + 5 + 2 + 3, level: 'C1' });
  expect(scoreRiskQuestionnaire(riskQuestionnaire2026, boldAnswers)).toEqual({ questionnaireVersion: '2026-1', score: 100, level: 'C5' });
  // 10 + 10 + 10 + 12 + 10 + 7 = 59 → C3; one more step of loss tolerance: 65 → C4.
  const middling: RiskAnswers2026 = { ...boldAnswers, annualIncomeBand: 'FROM_300K_TO_500K', investmentExperience: 'FUNDS_AND_BONDS', lossTolerance: 'UP_TO_15_PERCENT', investmentHorizon: 'FROM_1_TO_3_YEARS', shareOfAssets: 'FROM_10_TO_30_PERCENT' };
  expect(scoreRiskQuestionnaire(riskQuestionnaire2026, middling)).toMatchObject({ score: 59, level: 'C3' });
  expect(scoreRiskQuestionnaire(riskQuestionnaire2026, { ...middling, lossTolerance: 'UP_TO_30_PERCENT' })).toMatchObject({ score: 65, level: 'C4' });
});

test('no tolerance for loss caps the level at C1 whatever the score', () => {
  expect(scoreRiskQuestionnaire(riskQuestionnaire2026, { ...boldAnswers, lossTolerance: 'NONE' })).toEqual({ questionnaireVersion: '2026-1', score: 75, level: 'C1' });
});

test('missing, unknown and extra answers are refused', () => {
  const { shareOfAssets: _missing, ...incomplete } = boldAnswers;
  expect(() => scoreRiskQuestionnaire(riskQuestionnaire2026, incomplete)).toThrow(RangeError);
  expect(() => scoreRiskQuestionnaire(riskQuestionnaire2026, { ...boldAnswers, ageBand: 'AGE_5' })).toThrow(RangeError);
  expect(() => scoreRiskQuestionnaire(riskQuestionnaire2026, { ...boldAnswers, favouriteColour: 'BLUE' })).toThrow(RangeError);
});

test('property: a higher score never gives a lower level, and the level bands are contiguous', () => {
  const answers = fc.record(
    Object.fromEntries(Object.entries(riskQuestionnaire2026.questions).map(([question, options]) => [question, fc.constantFrom(...Object.keys(options))])),
  );
  fc.assert(
    fc.property(answers, answers, (a, b) => {
      const [first, second] = [scoreRiskQuestionnaire(riskQuestionnaire2026, a), scoreRiskQuestionnaire(riskQuestionnaire2026, b)];
      if (a.lossTolerance !== 'NONE' && b.lossTolerance !== 'NONE' && first.score < second.score) {
        expect(investorRiskLevels.indexOf(first.level)).toBeLessThanOrEqual(investorRiskLevels.indexOf(second.level));
      }
    }),
    runs,
  );
});

test('each level allows the grades up to its own and a tiered limit', () => {
  expect(investorRiskLevels.map((level) => allowedGrades(level).join(''))).toEqual(['A', 'AB', 'ABC', 'ABCD', 'ABCDE']);
  expect(investorRiskLevels.map((level) => formatYuan(investmentLimit(level)))).toEqual(['50000.00', '100000.00', '200000.00', '500000.00', '1000000.00']);
  expect(isGradeAllowed('C2', 'B')).toBe(true);
  expect(isGradeAllowed('C2', 'C')).toBe(false);
  for (const grade of riskGrades) expect(isGradeAllowed('C5', grade)).toBe(true);
});

test('an assessment is valid for one year, to the instant; none is never valid', () => {
  const assessedAt = new Date('2026-03-15T08:30:00.000Z');
  const expiresAt = assessmentExpiry(assessedAt);
  expect(expiresAt.toISOString()).toBe('2027-03-15T08:30:00.000Z');
  expect(assessmentExpiry(new Date('2028-02-29T00:00:00.000Z')).toISOString()).toBe('2029-02-28T00:00:00.000Z');
  const summary = { level: 'C3' as const, expiresAt: expiresAt.toISOString() };
  expect(isAssessmentValid(summary, new Date('2027-03-15T08:29:59.999Z'))).toBe(true);
  expect(isAssessmentValid(summary, expiresAt)).toBe(false);
  expect(isAssessmentValid(undefined, assessedAt)).toBe(false);
  expect(isAssessmentValid({ level: 'C3', expiresAt: 'soon' }, assessedAt)).toBe(false);
});

describe('reassessment: a raise waits for its cooling-off period, anything else is in force at once', () => {
  const at = new Date('2026-12-01T00:00:00.000Z');
  const summary = (level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5', when: Date) => ({ level, assessedAt: when.toISOString(), expiresAt: assessmentExpiry(when).toISOString() });
  const days = (n: number) => new Date(at.getTime() + n * 86_400_000);

  test('a first assessment is in force at once, whatever its level', () => {
    expect(reassess(undefined, summary('C5', at), at)).toEqual({ riskAssessment: summary('C5', at) });
  });

  test(`C1 answering C5 stays C1 (renewed) for ${levelRaiseCoolingOffDays} days, then is C5; the history's level is C5 all along`, () => {
    const raised = reassess({ riskAssessment: summary('C1', days(-100)) }, summary('C5', at), at);
    expect(raised.riskAssessment).toEqual({ ...summary('C5', at), level: 'C1' });
    expect(raised.pendingRiskAssessment).toEqual({ ...summary('C5', at), effectiveFrom: days(levelRaiseCoolingOffDays).toISOString() });
    expect(assessmentInForce(raised, days(levelRaiseCoolingOffDays - 1))?.level).toBe('C1');
    expect(assessmentInForce(raised, new Date(days(levelRaiseCoolingOffDays).getTime() - 1))?.level).toBe('C1');
    expect(assessmentInForce(raised, days(levelRaiseCoolingOffDays))).toEqual(summary('C5', at));
  });

  test('lowering, or keeping, the level is in force at once and drops a waiting raise', () => {
    const waiting = reassess({ riskAssessment: summary('C3', days(-100)) }, summary('C5', at), at);
    const lowered = reassess(waiting, summary('C2', days(1)), days(1));
    expect(lowered).toEqual({ riskAssessment: summary('C2', days(1)) });
    expect(reassess(waiting, summary('C3', days(1)), days(1))).toEqual({ riskAssessment: summary('C3', days(1)) });
  });

  test('a raise measures from the level in force: a matured raise counts, a waiting one does not; each raise starts the period again', () => {
    const waiting = reassess({ riskAssessment: summary('C1', days(-100)) }, summary('C3', at), at);
    const again = reassess(waiting, summary('C5', days(10)), days(10));
    expect(again.riskAssessment.level).toBe('C1');
    expect(again.pendingRiskAssessment?.effectiveFrom).toBe(days(10 + levelRaiseCoolingOffDays).toISOString());
    const matured = reassess(waiting, summary('C4', days(40)), days(40));
    expect(matured.riskAssessment.level).toBe('C3');
    expect(matured.pendingRiskAssessment?.level).toBe('C4');
  });

  test('property: the level in force never rises before the cooling-off period of the raise, whatever the sequence', () => {
    const level = fc.constantFrom(...investorRiskLevels);
    fc.assert(
      fc.property(fc.array(fc.tuple(level, fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 8 }), (steps) => {
        let standing: ReturnType<typeof reassess<ReturnType<typeof summary>>> | undefined;
        let when = at;
        for (const [answered, gap] of steps) {
          when = new Date(when.getTime() + gap * 86_400_000);
          const before = assessmentInForce(standing, when);
          const highestBefore = before ? investorRiskLevels.indexOf(before.level) : -1;
          standing = reassess(standing, summary(answered, when), when);
          const now = investorRiskLevels.indexOf(assessmentInForce(standing, when)!.level);
          // Right after a reassessment the level in force is at most what was in force before it, and at most the answer.
          if (highestBefore >= 0) expect(now).toBeLessThanOrEqual(highestBefore);
          expect(now).toBeLessThanOrEqual(investorRiskLevels.indexOf(answered));
        }
      }),
      runs,
    );
  });
});
