/**
 * The investor risk questionnaire (风险评估问卷), versioned: each version fixes its
 * questions, each answer's integer score, and the score bands of the levels C1
 * (conservative, 保守型) to C5 (aggressive, 激进型). A stored assessment names its
 * version, so a later version never changes what an earlier answer meant.
 */
export const investorRiskLevels = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type InvestorRiskLevel = (typeof investorRiskLevels)[number];

export interface RiskQuestionnaire {
  readonly version: string;
  /** Question → answer → score. */
  readonly questions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The lowest total score of each level, ascending from C1 at 0. */
  readonly levelFloors: Readonly<Record<InvestorRiskLevel, number>>;
  /** Answers that cap the level whatever the total: question → answer → the highest level allowed. */
  readonly caps: Readonly<Record<string, Readonly<Record<string, InvestorRiskLevel>>>>;
}

/** Version 2026-1: six questions, 4–100 points. */
export const riskQuestionnaire2026 = {
  version: '2026-1',
  questions: {
    ageBand: { AGE_18_TO_30: 8, AGE_31_TO_45: 10, AGE_46_TO_60: 6, AGE_61_TO_70: 3, OVER_70: 0 },
    /** Yearly income in CNY. */
    annualIncomeBand: { UNDER_100K: 2, FROM_100K_TO_300K: 6, FROM_300K_TO_500K: 10, FROM_500K_TO_1M: 15, OVER_1M: 20 },
    /** The riskiest kind of investment held before. */
    investmentExperience: { NONE: 0, BANK_DEPOSITS_AND_WEALTH_PRODUCTS: 4, FUNDS_AND_BONDS: 10, STOCKS: 15, DERIVATIVES_OR_PRIVATE_LENDING: 20 },
    /** The largest loss of principal the investor could bear. */
    lossTolerance: { NONE: 0, UP_TO_5_PERCENT: 5, UP_TO_15_PERCENT: 12, UP_TO_30_PERCENT: 18, OVER_30_PERCENT: 25 },
    /** How long the money can stay invested. */
    investmentHorizon: { UNDER_6_MONTHS: 2, FROM_6_TO_12_MONTHS: 5, FROM_1_TO_3_YEARS: 10, OVER_3_YEARS: 15 },
    /** The share of the investor's financial assets meant for lending here. */
    shareOfAssets: { UNDER_10_PERCENT: 10, FROM_10_TO_30_PERCENT: 7, FROM_30_TO_50_PERCENT: 3, OVER_50_PERCENT: 0 },
  },
  levelFloors: { C1: 0, C2: 21, C3: 41, C4: 61, C5: 81 },
  // Someone who can bear no loss at all is conservative, whatever else they answer.
  caps: { lossTolerance: { NONE: 'C1' } },
} as const satisfies RiskQuestionnaire;

export const riskQuestionnaires: Readonly<Record<string, RiskQuestionnaire>> = { [riskQuestionnaire2026.version]: riskQuestionnaire2026 };
export const currentRiskQuestionnaire = riskQuestionnaire2026;

type Questions2026 = (typeof riskQuestionnaire2026)['questions'];
/** One answer per question of version 2026-1. */
export type RiskAnswers2026 = { readonly [Question in keyof Questions2026]: keyof Questions2026[Question] & string };

export interface RiskScore {
  readonly questionnaireVersion: string;
  readonly score: number;
  readonly level: InvestorRiskLevel;
}

/** A level's rank, C1 lowest: levels compare by it. */
export const levelRank = (level: InvestorRiskLevel): number => investorRiskLevels.indexOf(level);

/** The total score and level of a complete set of answers to one questionnaire version. */
export function scoreRiskQuestionnaire(questionnaire: RiskQuestionnaire, answers: Readonly<Record<string, string>>): RiskScore {
  let score = 0;
  for (const [question, options] of Object.entries(questionnaire.questions)) {
    const answer = answers[question];
    const points = answer === undefined ? undefined : options[answer];
    if (points === undefined) throw new RangeError(`question ${question} of questionnaire ${questionnaire.version} has no answer ${String(answer)}`);
    score += points;
  }
  const unknown = Object.keys(answers).filter((question) => !(question in questionnaire.questions));
  if (unknown.length) throw new RangeError(`questionnaire ${questionnaire.version} has no question ${unknown.join(', ')}`);

  let level: InvestorRiskLevel = 'C1';
  for (const candidate of investorRiskLevels) if (score >= questionnaire.levelFloors[candidate]) level = candidate;
  for (const [question, capped] of Object.entries(questionnaire.caps)) {
    const cap = capped[answers[question] ?? ''];
    if (cap && levelRank(cap) < levelRank(level)) level = cap;
  }
  return { questionnaireVersion: questionnaire.version, score, level };
}
