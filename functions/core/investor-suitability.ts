/**
 * Investor suitability (投资者适当性): what an investor's risk level allows. An
 * investor bids only on listings whose grade their level allows, never beyond their
 * level's limit, and only while their assessment is valid (no assessment, no
 * investing). Pure: `now` is a parameter.
 */
import { fen, type Money } from './money';
import type { RiskGrade } from './risk-grade';
import type { InvestorRiskLevel } from './risk-questionnaire';

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

/** True while an assessment exists and has not expired at `now`. */
export function isAssessmentValid(summary: AssessmentValidity | undefined, now: Date): boolean {
  if (!summary) return false;
  const expiresAt = Date.parse(summary.expiresAt);
  return Number.isFinite(expiresAt) && now.getTime() < expiresAt;
}
