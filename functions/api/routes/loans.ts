/** Loans: one loan for the people entitled to see it, and the borrower's own loans. */
import { loanDetail, loanParams, loansPage, rescheduleQuote, rescheduleQuoteRequest } from '../schemas/loans';
import { problem, type RouteDefinition } from '../route-definition';
import { everyRole } from '../../core/roles';

export const getLoanRoute: RouteDefinition = {
  id: 'getLoan',
  method: 'GET',
  path: '/v1/loans/{loanId}',
  summary: 'One loan: status, terms, grade, funded, history and, once repaying, its schedule (the borrower, investors holding a bid in it, reviewers, auditors, admins)',
  handler: 'functions/http/get-loan.ts',
  access: everyRole,
  request: { params: loanParams },
  responses: { 200: { description: 'The loan', body: loanDetail }, 404: problem('No such loan, or not one the caller may see') },
  resources: ['table:read'],
};

export const listMyLoansRoute: RouteDefinition = {
  id: 'listMyLoans',
  method: 'GET',
  path: '/v1/me/loans',
  summary: 'The caller’s own loans as a borrower, newest first',
  handler: 'functions/http/get-my-loans.ts',
  access: ['borrower'],
  responses: { 200: { description: 'The borrower’s loans', body: loansPage } },
  resources: ['table:read'],
};

export const postRescheduleQuoteRoute: RouteDefinition = {
  id: 'postRescheduleQuote',
  method: 'POST',
  path: '/v1/loans/{loanId}/reschedule-quotes',
  summary: "What a reschedule (展期/重组) would do to the borrower's repaying loan: the new installments from the next due date and the extra interest, at the contract rate. Nothing is changed",
  handler: 'functions/http/post-reschedule-quote.ts',
  access: ['borrower'],
  request: { params: loanParams, body: rescheduleQuoteRequest },
  responses: {
    200: { description: 'The quote', body: rescheduleQuote },
    400: problem('The request is malformed'),
    404: problem('No such loan of the caller'),
    422: problem('A limit refuses it: reason codes in errors (LOAN_NOT_REPAYING, METHOD_NOT_RESCHEDULABLE, TERM_ABOVE_MAXIMUM, RATE_ABOVE_LEGAL_CAP, NOTHING_LEFT_TO_RESCHEDULE, INSTALLMENT_NOT_REACHABLE)'),
  },
  resources: ['table:read'],
};

export const loanRoutes: readonly RouteDefinition[] = [getLoanRoute, listMyLoansRoute, postRescheduleQuoteRoute];
