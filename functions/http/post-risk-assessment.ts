/**
 * POST /v1/me/risk-assessment (investor, idempotent): scores the answers to the
 * current risk questionnaire, sets the profile's risk level (C1–C5) for one year,
 * keeps the answers, and tells the investor what the level allows.
 */
import { allowedGrades, assessmentExpiry, investmentLimit } from '../core/investor-suitability';
import { formatYuan } from '../core/money';
import { riskQuestionnaires, scoreRiskQuestionnaire } from '../core/risk-questionnaire';
import { now } from '../adapters/runtime/clock';
import { recordRiskAssessment } from '../adapters/dynamodb/risk-assessment-repository';
import type { RiskAssessmentSummary } from '../adapters/dynamodb/user-repository';
import type { RiskAssessmentRequest, RiskAssessmentResponse } from '../api/schemas/risk-assessment';
import { postRiskAssessmentRoute } from '../api/routes/verification';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postRiskAssessmentRoute, async (request) => {
  const { questionnaireVersion, answers } = request.body as RiskAssessmentRequest;
  const at = now();
  const { score, level } = scoreRiskQuestionnaire(riskQuestionnaires[questionnaireVersion]!, answers);
  const summary: RiskAssessmentSummary = { level, questionnaireVersion, assessedAt: at.toISOString(), expiresAt: assessmentExpiry(at).toISOString() };
  await recordRiskAssessment({ userId: request.caller!.userId, summary, answers, score });
  const body: RiskAssessmentResponse = { ...summary, score, allowedGrades: [...allowedGrades(level)], investmentLimit: formatYuan(investmentLimit(level)) };
  return { status: 200, body };
});
