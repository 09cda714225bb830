/**
 * Investor suitability (投资者适当性): what an investor's risk level allows. An
 * investor bids only on listings whose grade their level allows, never beyond their
 * level's limit, and only while their assessment is valid (no assessment, no
 * investing). Pure: `now` is a parameter.
 */
import { fen, type Money } from './money';
import type { RiskGrade } from './risk-grade';
import { levelRank, type InvestorRiskLevel } from './risk-questionnaire';

/** An assessment is valid for one year; then the investor answers the questionnaire again. */
export const assessmentValidityYears = 1;

const gradesByLevel: Readonly<Record<InvestorRiskLevel, readonly RiskGrade[]>> = {
  C1: ['A'],
  C2: ['A', 'B'],
  C3: ['A', 'B', 'C'],
  C4: ['A', 'B', 'C', 'D'],
  C5: ['A', 'B', 'C', 'D', 'E'],
};

/** The most an investor of each level may have invested at once (bids still frozen plus principal not yet repaid), in fen. */
const limitFenByLevel: Readonly<Record<InvestorRiskLevel, number>> = {
  C1: 5_000_000, // ¥50,000
  C2: 10_000_000, // ¥100,000
  C3: 20_000_000, // ¥200,000
  C4: 50_000_000, // ¥500,000
  C5: 100_000_000, // ¥1,000,000
};

/** The listing grades an investor of this level may bid on. */
export function allowedGrades(level: InvestorRiskLevel): readonly RiskGrade[] {
  return gradesByLevel[level];
}

export function isGradeAllowed(level: InvestorRiskLevel, grade: RiskGrade): boolean {
  return gradesByLevel[level].includes(grade);
}

/** The per-investor limit of the level: outstanding bids and principal together. */
export function investmentLimit(level: InvestorRiskLevel): Money {
  return fen(limitFenByLevel[level]);
}

/** When an assessment made at `assessedAt` expires: the same instant a year later (29 February → 28 February). */
export function assessmentExpiry(assessedAt: Date): Date {
  const year = assessedAt.getUTCFullYear() + assessmentValidityYears;
  const month = assessedAt.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const expiry = new Date(assessedAt.getTime());
  expiry.setUTCFullYear(year, month, Math.min(assessedAt.getUTCDate(), lastDay));
  return expiry;
}

/** The part of a profile's assessment the rule reads (RiskAssessmentSummary fits). */
export interface AssessmentValidity {
  readonly level: InvestorRiskLevel;
  readonly expiresAt: string;
}

/**
 * A reassessment that raises the level takes effect this many days after it, on the
 * platform clock (a cooling-off period against answering again until the level is
 * higher); one that keeps or lowers the level takes effect at once.
 */
export const levelRaiseCoolingOffDays = 30;

/** A raise waiting for its cooling-off period: in force from `effectiveFrom`. */
export type PendingAssessment<T extends AssessmentValidity> = T & { readonly effectiveFrom: string };

/** What a profile holds of its assessments: the one in force now and a raise waiting, if any. */
export interface AssessmentStanding<T extends AssessmentValidity> {
  readonly riskAssessment?: T | undefined;
  readonly pendingRiskAssessment?: PendingAssessment<T> | undefined;
}

/** The assessment in force at `now`: a waiting raise once its cooling-off period has passed, otherwise the profile's assessment. */
export function assessmentInForce<T extends AssessmentValidity>(standing: AssessmentStanding<T> | undefined, now: Date): T | undefined {
  const pending = standing?.pendingRiskAssessment;
  if (pending && now.getTime() >= Date.parse(pending.effectiveFrom)) {
    const { effectiveFrom: _effectiveFrom, ...assessment } = pending;
    return assessment as unknown as T;
  }
  return standing?.riskAssessment;
}

/**
 * What a new assessment makes of the standing at `at`. A first assessment, or one at or
 * below the level in force (even an expired one), is in force at once and drops any waiting
 * raise. A raise is in force at once only up to the level held before (with the new
 * assessment's dates), and in full after the cooling-off period; a later raise starts the
 * period again.
 */
export function reassess<T extends AssessmentValidity>(standing: AssessmentStanding<T> | undefined, assessed: T, at: Date): Required<Pick<AssessmentStanding<T>, 'riskAssessment'>> & AssessmentStanding<T> {
  const held = assessmentInForce(standing, at);
  if (!held || levelRank(assessed.level) <= levelRank(held.level)) return { riskAssessment: assessed };
  return {
    riskAssessment: { ...assessed, level: held.level },
    pendingRiskAssessment: { ...assessed, effectiveFrom: new Date(at.getTime() + levelRaiseCoolingOffDays * 86_400_000).toISOString() },
  };
}

/** True while an assessment exists and has not expired at `now`. */
export function isAssessmentValid(summary: AssessmentValidity | undefined, now: Date): boolean {
  if (!summary) return false;
  const expiresAt = Date.parse(summary.expiresAt);
  return Number.isFinite(expiresAt) && now.getTime() < expiresAt;
}
