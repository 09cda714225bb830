/** Loan applications (借款申请) and their manual review by reviewers. */
import {
  loanApplicationAccepted,
  loanApplicationRequest,
  reviewDecisionParams,
  reviewDecisionRequest,
  reviewDecisionResponse,
  reviewsPage,
  reviewsQuery,
} from '../schemas/loan-applications';
import { problem, type RouteDefinition } from '../route-definition';
import { staffRoles } from '../../core/roles';

export const postLoanApplicationRoute: RouteDefinition = {
  id: 'postLoanApplication',
  method: 'POST',
  path: '/v1/loan-applications',
  summary: 'Apply for a loan: pre-loan checks, then the origination workflow (risk review, listing) starts',
  handler: 'functions/http/post-loan-application.ts',
  access: ['borrower'],
  idempotent: true,
  request: { body: loanApplicationRequest },
  responses: {
    202: { description: 'Accepted; the loan is reviewed asynchronously', body: loanApplicationAccepted },
    400: problem('A field is malformed'),
    403: problem('Not a borrower, or real-name verification is not complete'),
    409: problem('Another application of the borrower is still open'),
    422: problem('A pre-loan rule refuses it; errors carry the reason codes'),
  },
  resources: ['table:read', 'table:write', 'workflows:start', 'credit-bureau:report'],
};

export const listReviewsRoute: RouteDefinition = {
  id: 'listReviews',
  method: 'GET',
  path: '/v1/reviews',
  summary: 'Applications waiting for a reviewer, longest-waiting first, with the automated screening',
  handler: 'functions/http/get-reviews.ts',
  // Auditors too: a read-only staff view (ids, amounts, screening; no personal data).
  access: staffRoles,
  request: { query: reviewsQuery },
  responses: {
    200: { description: 'A page of applications in review', body: reviewsPage },
    400: problem('A query parameter is invalid'),
    403: problem('Not a reviewer'),
  },
  resources: ['table:read'],
};

export const postReviewDecisionRoute: RouteDefinition = {
  id: 'postReviewDecision',
  method: 'POST',
  path: '/v1/reviews/{loanId}/decision',
  summary: "A reviewer's decision on an application in manual review: approve with a grade or reject with reasons",
  handler: 'functions/http/post-review-decision.ts',
  access: ['reviewer', 'admin'],
  idempotent: true,
  request: { params: reviewDecisionParams, body: reviewDecisionRequest },
  responses: {
    200: { description: 'The workflow took the decision', body: reviewDecisionResponse },
    400: problem('The decision is malformed'),
    403: problem('Not a reviewer, or the reviewer is the borrower'),
    404: problem('No such loan'),
    409: problem('The loan is not waiting for a review decision'),
  },
  resources: ['table:read', 'table:write', 'workflows:callback'],
};

export const loanApplicationRoutes: readonly RouteDefinition[] = [postLoanApplicationRoute, listReviewsRoute, postReviewDecisionRoute];
