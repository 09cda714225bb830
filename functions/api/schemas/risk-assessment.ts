/** The investor risk assessment's request and response (POST /v1/me/risk-assessment). */
import * as z from 'zod';
import { riskGrades } from '../../core/risk-grade';
import { investorRiskLevels, riskQuestionnaire2026 } from '../../core/risk-questionnaire';
import { yuanAmount } from './common';

const answersOf = <Questions extends Record<string, Record<string, number>>>(questions: Questions) =>
  z
    .object(
      Object.fromEntries(Object.entries(questions).map(([question, options]) => [question, z.enum(Object.keys(options) as [string, ...string[]])])) as {
        [Question in keyof Questions]: z.ZodEnum<{ [Answer in keyof Questions[Question] & string]: Answer }>;
      },
    )
    .strict();

/** Answers to questionnaire 2026-1, the current version; each answer's score is in functions/core/risk-questionnaire.ts. */
export const riskAssessmentRequest = z
  .object({
    questionnaireVersion: z.literal(riskQuestionnaire2026.version),
    answers: answersOf(riskQuestionnaire2026.questions),
  })
  .strict()
  .meta({ id: 'RiskAssessmentRequest' });
export type RiskAssessmentRequest = z.infer<typeof riskAssessmentRequest>;

export const riskAssessmentResponse = z
  .object({
    level: z.enum(investorRiskLevels),
    score: z.number().int(),
    questionnaireVersion: z.string(),
    assessedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    allowedGrades: z.array(z.enum(riskGrades)),
    investmentLimit: yuanAmount,
  })
  .meta({ id: 'RiskAssessment' });
export type RiskAssessmentResponse = z.infer<typeof riskAssessmentResponse>;
