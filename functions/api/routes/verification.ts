/** The user's real-name verification (实名认证) and the investor's risk assessment (风险评估). */
import { riskAssessmentRequest, riskAssessmentResponse } from '../schemas/risk-assessment';
import { verificationRequest, verificationSummary } from '../schemas/verification';
import { problem, type RouteDefinition } from '../route-definition';
import { customerRoles } from '../../core/roles';

export const postVerificationRoute: RouteDefinition = {
  id: 'postVerification',
  method: 'POST',
  path: '/v1/me/verification',
  summary: 'Real-name verification: a person (name, ID number, phone, bank card) or an enterprise (credit code, legal representative)',
  handler: 'functions/http/post-verification.ts',
  access: customerRoles,
  idempotent: true,
  request: { body: verificationRequest },
  responses: {
    200: { description: 'Verified; the profile shows the masked values', body: verificationSummary },
    400: problem('A field fails its check (GB 11643, GB 32100, mobile format, Luhn), with field errors'),
    403: problem('Neither a borrower nor an investor'),
    404: problem('The caller has no profile yet'),
    409: problem('Already verified, or the identity already backs another account'),
    422: problem('The identity-verification provider did not confirm the identity; errors carry the reason codes'),
  },
  resources: ['table:read', 'table:write', 'pii:seal', 'pii:index', 'identity:verify'],
};

export const postRiskAssessmentRoute: RouteDefinition = {
  id: 'postRiskAssessment',
  method: 'POST',
  path: '/v1/me/risk-assessment',
  summary: "The investor's risk questionnaire: answers → risk level C1–C5 for one year, the grades it allows and its limit",
  handler: 'functions/http/post-risk-assessment.ts',
  access: ['investor'],
  idempotent: true,
  request: { body: riskAssessmentRequest },
  responses: {
    200: { description: 'The level, what it allows, and when it expires', body: riskAssessmentResponse },
    400: problem('An answer or the questionnaire version is unknown'),
    403: problem('Not an investor'),
    404: problem('The caller has no profile yet'),
  },
  resources: ['table:read', 'table:write'],
};

export const verificationRoutes: readonly RouteDefinition[] = [postVerificationRoute, postRiskAssessmentRoute];
