/**
 * An investor takes the risk questionnaire (POST /v1/me/risk-assessment): the answers
 * are scored and kept (every assessment, in the history), and the profile's risk level
 * (C1–C5) set for one year: at once when it stays or falls, after the cooling-off
 * period when it rises (core/investor-suitability reassess). The investor is told the
 * level in force, what it allows, and the raise waiting, if any.
 */
import { allowedGrades, assessmentExpiry, investmentLimit, reassess } from '../core/investor-suitability';
import { formatYuan } from '../core/money';
import { riskQuestionnaires, scoreRiskQuestionnaire } from '../core/risk-questionnaire';
import type { RecordedRiskAssessment, RiskAssessmentSummary, UserProfile } from '../core/users';

export interface RiskAssessmentPorts {
  readonly assessments: { record(assessment: RecordedRiskAssessment): Promise<void> };
  readonly profiles: { find(userId: string): Promise<Pick<UserProfile, 'riskAssessment' | 'pendingRiskAssessment'> | undefined> };
}

export async function assessInvestorRisk(
  ports: RiskAssessmentPorts,
  request: { readonly userId: string; readonly questionnaireVersion: keyof typeof riskQuestionnaires; readonly answers: Readonly<Record<string, string>> },
  at: Date,
) {
  const { questionnaireVersion, answers } = request;
  const { score, level } = scoreRiskQuestionnaire(riskQuestionnaires[questionnaireVersion]!, answers);
  const summary: RiskAssessmentSummary = { level, questionnaireVersion, assessedAt: at.toISOString(), expiresAt: assessmentExpiry(at).toISOString() };
  const profile = await ports.profiles.find(request.userId);
  const standing = reassess(profile, summary, at);
  await ports.assessments.record({ userId: request.userId, summary, answers, score, standing, replaces: profile?.riskAssessment?.assessedAt });
  const inForce = standing.riskAssessment.level;
  const pending = standing.pendingRiskAssessment;
  return {
    ...summary,
    level: inForce,
    assessedLevel: level,
    score,
    allowedGrades: [...allowedGrades(inForce)],
    investmentLimit: formatYuan(investmentLimit(inForce)),
    ...(pending ? { pending: { level: pending.level, effectiveFrom: pending.effectiveFrom } } : {}),
  };
}
