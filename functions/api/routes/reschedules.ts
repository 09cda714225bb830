/** Reschedule requests (展期/重组): the borrower asks and answers, a reviewer decides (functions/application/rescheduling.ts). */
import { loanParams } from '../schemas/loans';
import { rescheduleDecisionBody, rescheduleRequestBody, rescheduleRequestsPage, rescheduleRequestView, rescheduleResponseBody } from '../schemas/reschedules';
import { problem, type RouteDefinition } from '../route-definition';

const refusals = 'A limit refuses it: reason codes in errors (ALREADY_REQUESTED, LOAN_NOT_REPAYING, METHOD_NOT_RESCHEDULABLE, MONTHS_OUT_OF_RANGE, TERM_ABOVE_MAXIMUM, RATE_RAISED, RATE_ABOVE_LEGAL_CAP, NOTHING_LEFT_TO_RESCHEDULE, INSTALLMENT_NOT_REACHABLE, TERMS_LAPSED)';

export const postRescheduleRequestRoute: RouteDefinition = {
  id: 'postRescheduleRequest',
  method: 'POST',
  path: '/v1/loans/{loanId}/reschedule-request',
  summary: 'The borrower asks to reschedule their repaying loan (a longer term, a payment holiday, a lower installment), with a reason: once per loan, within the limits',
  handler: 'functions/http/post-reschedule-request.ts',
  access: ['borrower'],
  idempotent: true,
  request: { params: loanParams, body: rescheduleRequestBody },
  responses: { 201: { description: 'The request, awaiting a reviewer', body: rescheduleRequestView }, 400: problem('The request is malformed'), 404: problem('No such loan of the caller'), 422: problem(refusals) },
  resources: ['table:read', 'table:write'],
};

export const getRescheduleRequestRoute: RouteDefinition = {
  id: 'getRescheduleRequest',
  method: 'GET',
  path: '/v1/loans/{loanId}/reschedule-request',
  summary: 'The loan’s reschedule request as it stands (its borrower, reviewers): once approved, the terms, the new installments and the extra interest, before the borrower accepts',
  handler: 'functions/http/get-reschedule-request.ts',
  access: ['borrower', 'reviewer'],
  request: { params: loanParams },
  responses: { 200: { description: 'The request', body: rescheduleRequestView }, 404: problem('No request for this loan the caller may see') },
  resources: ['table:read'],
};

export const listRescheduleRequestsRoute: RouteDefinition = {
  id: 'listRescheduleRequests',
  method: 'GET',
  path: '/v1/reschedule-requests',
  summary: 'Reschedule requests awaiting a reviewer, oldest first',
  handler: 'functions/http/get-reschedule-requests.ts',
  access: ['reviewer'],
  responses: { 200: { description: 'The pending requests', body: rescheduleRequestsPage } },
  resources: ['table:read'],
};

export const postRescheduleDecisionRoute: RouteDefinition = {
  id: 'postRescheduleDecision',
  method: 'POST',
  path: '/v1/loans/{loanId}/reschedule-request/decision',
  summary: 'A reviewer approves the reschedule with terms (within the limits; the rate never raised) or rejects it with a reason; nobody decides their own loan’s',
  handler: 'functions/http/post-reschedule-decision.ts',
  access: ['reviewer'],
  idempotent: true,
  request: { params: loanParams, body: rescheduleDecisionBody },
  responses: {
    200: { description: 'The decided request', body: rescheduleRequestView },
    400: problem('The decision is malformed'),
    403: problem('Not a reviewer, or the reviewer is the borrower'),
    404: problem('No request for this loan'),
    409: problem('The request was decided already'),
    422: problem(refusals),
  },
  resources: ['table:read', 'table:write'],
};

export const postRescheduleResponseRoute: RouteDefinition = {
  id: 'postRescheduleResponse',
  method: 'POST',
  path: '/v1/loans/{loanId}/reschedule-request/response',
  summary: 'The borrower accepts the approved terms (the supplementary agreement is signed and the schedule replaced from the next due date) or declines them',
  handler: 'functions/http/post-reschedule-response.ts',
  access: ['borrower'],
  idempotent: true,
  request: { params: loanParams, body: rescheduleResponseBody },
  responses: {
    200: { description: 'The accepted or declined request', body: rescheduleRequestView },
    400: problem('The response is malformed'),
    404: problem('No request for this loan of the caller'),
    409: problem('The request is not awaiting the borrower, or the loan changed meanwhile (a repayment with the bank)'),
    422: problem(refusals),
  },
  resources: ['table:read', 'table:write', 'documents:write', 'contracts:sign'],
};

export const rescheduleRoutes: readonly RouteDefinition[] = [postRescheduleRequestRoute, getRescheduleRequestRoute, listRescheduleRequestsRoute, postRescheduleDecisionRoute, postRescheduleResponseRoute];
