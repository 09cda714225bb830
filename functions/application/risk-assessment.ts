/**
 * An investor takes the risk questionnaire (POST /v1/me/risk-assessment): the answers
 * are scored, the profile's risk level (C1–C5) is set for one year, the answers kept,
 * and the investor told what the level allows.
 */
import { allowedGrades, assessmentExpiry, investmentLimit } from '../core/investor-suitability';
import { formatYuan } from '../core/money';
import { riskQuestionnaires, scoreRiskQuestionnaire } from '../core/risk-questionnaire';
import type { RecordedRiskAssessment, RiskAssessmentSummary } from '../core/users';

export interface RiskAssessmentPorts {
  readonly assessments: { record(assessment: RecordedRiskAssessment): Promise<void> };
}

export async function assessInvestorRisk(
  ports: RiskAssessmentPorts,
  request: { readonly userId: string; readonly questionnaireVersion: keyof typeof riskQuestionnaires; readonly answers: Readonly<Record<string, string>> },
  at: Date,
) {
  const { questionnaireVersion, answers } = request;
  const { score, level } = scoreRiskQuestionnaire(riskQuestionnaires[questionnaireVersion]!, answers);
  const summary: RiskAssessmentSummary = { level, questionnaireVersion, assessedAt: at.toISOString(), expiresAt: assessmentExpiry(at).toISOString() };
  await ports.assessments.record({ userId: request.userId, summary, answers, score });
  return { ...summary, score, allowedGrades: [...allowedGrades(level)], investmentLimit: formatYuan(investmentLimit(level)) };
}
