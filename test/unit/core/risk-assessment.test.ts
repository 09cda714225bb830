import fc from 'fast-check';
import { allowedGrades, assessmentExpiry, investmentLimit, isAssessmentValid, isGradeAllowed } from '../../../functions/core/investor-suitability';
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
