/** Loan applications and their review: requests and responses (POST /v1/loan-applications, /v1/reviews). */
import * as z from 'zod';
import { borrowerKinds } from '../../core/loan-application';
import { loanPurposeCategories } from '../../core/loan-purpose';
import { repaymentMethods } from '../../core/repayment-schedule';
import { riskGrades } from '../../core/risk-grade';
import { rateText, yuanAmount } from './common';

export const loanApplicationRequest = z
  .object({
    amount: yuanAmount,
    termMonths: z.number().int().min(1).max(600),
    annualRate: rateText,
    method: z.enum(repaymentMethods),
    purposeCategory: z.enum(loanPurposeCategories).meta({
      description: 'What the loan is for. SECURITIES, FUTURES_AND_DERIVATIVES, EQUITY_CROWDFUNDING, RELENDING and REAL_ESTATE_DOWN_PAYMENT are prohibited: 422 with reason PURPOSE_PROHIBITED.',
    }),
    purpose: z.string().trim().min(2).max(200),
    monthlyIncome: yuanAmount,
    kind: z.enum(borrowerKinds),
  })
  .strict()
  .meta({ id: 'LoanApplicationRequest' });
export type LoanApplicationRequest = z.infer<typeof loanApplicationRequest>;

export const loanApplicationAccepted = z
  .object({ loanId: z.string(), status: z.string() })
  .meta({ id: 'LoanApplicationAccepted' });

export const reviewsQuery = z
  .object({
    limit: z.string().regex(/^([1-9]|[1-9]\d|100)$/, 'limit is 1 to 100').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const reviewItem = z
  .object({
    loanId: z.string(),
    borrowerId: z.string(),
    kind: z.enum(borrowerKinds).optional(),
    amount: yuanAmount,
    termMonths: z.number().int(),
    annualRate: rateText.optional(),
    method: z.enum(repaymentMethods).optional(),
    purposeCategory: z.enum(loanPurposeCategories).optional(),
    purpose: z.string().optional(),
    monthlyIncome: yuanAmount.optional(),
    appliedAt: z.iso.datetime(),
    screening: z
      .object({
        score: z.number().int(),
        grade: z.enum(riskGrades),
        reasons: z.array(z.string()),
        scorecardVersion: z.string(),
        rulebookVersion: z.string(),
        contributions: z.array(z.object({ feature: z.string(), bin: z.string(), points: z.number().int() })),
      })
      .optional(),
  })
  .meta({ id: 'ReviewItem' });

export const reviewsPage = z.object({ items: z.array(reviewItem), nextCursor: z.string().optional() }).meta({ id: 'ReviewsPage' });

export const reviewDecisionParams = z.object({ loanId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/) });

export const reviewDecisionRequest = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('APPROVED'), grade: z.enum(riskGrades) }).strict(),
    z.object({ decision: z.literal('REJECTED'), reasons: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/)).min(1).max(10) }).strict(),
  ])
  .meta({ id: 'ReviewDecisionRequest' });
export type ReviewDecisionRequest = z.infer<typeof reviewDecisionRequest>;

export const reviewDecisionResponse = z
  .object({ loanId: z.string(), decision: z.enum(['APPROVED', 'REJECTED']), reviewerId: z.string() })
  .meta({ id: 'ReviewDecision' });
