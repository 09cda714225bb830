/**
 * The credit scorecard (评分卡), version scorecard-2026.1: an explainable logistic
 * model written as an integer points table, so no float touches the score.
 *
 * The model is log-odds(good) = β0 + Σ βᵢ·WoEᵢ over five binned features; scaled the
 * usual way (600 points at odds of good 50:1, 20 points to double the odds) each bin's
 * contribution becomes the whole number of points below, and the intercept the base.
 * A score s therefore means odds of good ≈ 50 · 2^((s − 600) / 20): 620 is twice as
 * safe as 600. The points are fixed per version; a new calibration is a new version,
 * and every review records the version and the points of each feature it used.
 *
 * Bins compare exact values: ratios as integer cross-multiplication, never division.
 */
import type { RiskGrade } from './risk-grade';

export const scorecardVersion = 'scorecard-2026.1';
export const basePoints = 560;

export interface ScorecardFacts {
  readonly amountFen: number;
  readonly termMonths: number;
  readonly monthlyIncomeFen: number;
  /** Months since the borrower's first credit line (0: no history, a thin file). */
  readonly creditHistoryMonths: number;
  /** Overdue episodes in the last 24 months, from the bureau. */
  readonly overdueCount24m: number;
  /** Owed on other platforms, from the bureau, integer fen. */
  readonly otherPlatformsOutstandingFen: number;
}

interface Bin {
  readonly label: string;
  readonly points: number;
  readonly matches: (facts: ScorecardFacts) => boolean;
}

interface Feature {
  readonly name: string;
  /** First matching bin wins; the last bin always matches. */
  readonly bins: readonly Bin[];
}

const loanToIncomeAtMost = (months: number) => (facts: ScorecardFacts) => facts.amountFen <= months * facts.monthlyIncomeFen;
const otherDebtToAnnualIncomeAtMost = (numerator: number, denominator: number) => (facts: ScorecardFacts) =>
  facts.otherPlatformsOutstandingFen * denominator <= numerator * 12 * facts.monthlyIncomeFen;
const always = () => true;

/** The points table of scorecard-2026.1. */
export const scorecard: readonly Feature[] = [
  {
    name: 'loanToMonthlyIncome',
    bins: [
      { label: 'amount ≤ 1 × monthly income', points: 40, matches: loanToIncomeAtMost(1) },
      { label: 'amount ≤ 2 × monthly income', points: 20, matches: loanToIncomeAtMost(2) },
      { label: 'amount ≤ 3 × monthly income', points: 0, matches: loanToIncomeAtMost(3) },
      { label: 'amount > 3 × monthly income', points: -30, matches: always },
    ],
  },
  {
    name: 'termMonths',
    bins: [
      { label: '≤ 12 months', points: 20, matches: (facts) => facts.termMonths <= 12 },
      { label: '≤ 24 months', points: 10, matches: (facts) => facts.termMonths <= 24 },
      { label: '≤ 36 months', points: 0, matches: (facts) => facts.termMonths <= 36 },
      { label: '> 36 months', points: -15, matches: always },
    ],
  },
  {
    name: 'overdueCount24m',
    bins: [
      { label: 'no overdue episode', points: 30, matches: (facts) => facts.overdueCount24m === 0 },
      { label: '1 overdue episode', points: -10, matches: (facts) => facts.overdueCount24m === 1 },
      { label: '2 overdue episodes', points: -40, matches: (facts) => facts.overdueCount24m === 2 },
      { label: '3 or more overdue episodes', points: -80, matches: always },
    ],
  },
  {
    name: 'otherPlatformsDebtToAnnualIncome',
    bins: [
      { label: 'no debt elsewhere', points: 25, matches: (facts) => facts.otherPlatformsOutstandingFen === 0 },
      { label: '≤ 0.5 × annual income', points: 5, matches: otherDebtToAnnualIncomeAtMost(1, 2) },
      { label: '≤ 1 × annual income', points: -15, matches: otherDebtToAnnualIncomeAtMost(1, 1) },
      { label: '> 1 × annual income', points: -45, matches: always },
    ],
  },
  {
    name: 'creditHistoryMonths',
    bins: [
      { label: 'no credit history', points: -20, matches: (facts) => facts.creditHistoryMonths === 0 },
      { label: 'under 24 months', points: 0, matches: (facts) => facts.creditHistoryMonths < 24 },
      { label: '24 months or more', points: 15, matches: always },
    ],
  },
];

/** Score bands: the lowest score of each grade. Below E's floor an application is rejected. */
export const gradeFloors: ReadonlyArray<readonly [RiskGrade, number]> = [
  ['A', 680],
  ['B', 650],
  ['C', 620],
  ['D', 590],
  ['E', 560],
];
export const scoreCutoff = 560;

export interface ScoreCard {
  readonly scorecardVersion: string;
  readonly score: number;
  /** The grade of the score's band; E also for scores below the cut-off. */
  readonly grade: RiskGrade;
  /** Each feature's bin and points: why the score is what it is. */
  readonly contributions: ReadonlyArray<{ readonly feature: string; readonly bin: string; readonly points: number }>;
}

export function scoreApplication(facts: ScorecardFacts): ScoreCard {
  const contributions = scorecard.map((feature) => {
    const bin = feature.bins.find((candidate) => candidate.matches(facts)) ?? feature.bins[feature.bins.length - 1]!;
    return { feature: feature.name, bin: bin.label, points: bin.points };
  });
  const score = contributions.reduce((sum, contribution) => sum + contribution.points, basePoints);
  return { scorecardVersion, score, grade: gradeOf(score), contributions };
}

export function gradeOf(score: number): RiskGrade {
  return gradeFloors.find(([, floor]) => score >= floor)?.[0] ?? 'E';
}
