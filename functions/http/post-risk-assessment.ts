/**
 * POST /v1/me/risk-assessment (investor, idempotent): scores the answers to the current
 * risk questionnaire and sets the profile's risk level (C1–C5) for one year
 * (functions/application/risk-assessment.ts), telling the investor what it allows.
 */
import { now } from '../adapters/runtime/clock';
import { assessInvestorRisk } from '../application/risk-assessment';
import { riskAssessment } from '../composition/origination';
import type { RiskAssessmentRequest, RiskAssessmentResponse } from '../api/schemas/risk-assessment';
import { postRiskAssessmentRoute } from '../api/routes/verification';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postRiskAssessmentRoute, async (request) => {
  const { questionnaireVersion, answers } = request.body as RiskAssessmentRequest;
  const body: RiskAssessmentResponse = await assessInvestorRisk(riskAssessment, { userId: request.caller!.userId, questionnaireVersion, answers }, now());
  return { status: 200, body };
});
