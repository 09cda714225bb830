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

/** A raise waiting for its cooling-off period: the level in force from `effectiveFrom` (platform clock). */
export const pendingRiskLevel = z
  .object({ level: z.enum(investorRiskLevels), effectiveFrom: z.iso.datetime() })
  .meta({ id: 'PendingRiskLevel', description: 'A higher level the latest assessment gives, in force only from effectiveFrom (a cooling-off period after a raise)' });

export const riskAssessmentResponse = z
  .object({
    /** The level in force now: what allowedGrades and investmentLimit describe. */
    level: z.enum(investorRiskLevels).meta({ description: 'The level in force now; allowedGrades and investmentLimit are its' }),
    /** The level the answers give; above `level` while a raise waits. */
    assessedLevel: z.enum(investorRiskLevels).meta({ description: 'The level these answers give; above level while a raise waits for its cooling-off period' }),
    score: z.number().int(),
    questionnaireVersion: z.string(),
    assessedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    allowedGrades: z.array(z.enum(riskGrades)),
    investmentLimit: yuanAmount,
    pending: pendingRiskLevel.optional(),
  })
  .meta({ id: 'RiskAssessment' });
export type RiskAssessmentResponse = z.infer<typeof riskAssessmentResponse>;
