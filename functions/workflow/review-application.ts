/**
 * Workflow task: the automated risk review (风控) of an application, before any reviewer
 * sees it (functions/application/risk-review.ts). Only the decision goes back into the
 * execution's state: ids and codes, never personal data.
 */
import * as z from 'zod';
import { now } from '../adapters/runtime/clock';
import { workflowTask } from '../adapters/runtime/request-context';
import { reviewLoanApplication, type RiskReviewOutcome } from '../application/risk-review';
import { riskReview } from '../composition/origination';

const taskInput = z.object({ loanId: z.string().min(1) });

export type ReviewTaskResult = RiskReviewOutcome;

export const handler = workflowTask('review-application', (event: unknown): Promise<ReviewTaskResult> => reviewLoanApplication(riskReview, taskInput.parse(event).loanId, now()));
