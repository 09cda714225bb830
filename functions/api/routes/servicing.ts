/** Servicing (贷后): repayments of a loan, and an investor's holdings. */
import { loanParams } from '../schemas/loans';
import { holdingsPage, repayment, repaymentQuote, repaymentRequest, repaymentsPage, repaymentsQuery } from '../schemas/servicing';
import { problem, type RouteDefinition } from '../route-definition';
import { everyRole } from '../../core/roles';

export const postRepaymentRoute: RouteDefinition = {
  id: 'postRepayment',
  method: 'POST',
  path: '/v1/loans/{loanId}/repayments',
  summary: 'Repay (还款): everything due now (DUE, or a part of it with an amount) or the whole loan early (EARLY_SETTLEMENT: remaining principal + interest accrued to today, no penalty); reserved at once, distributed to the investors when the bank confirms',
  handler: 'functions/http/post-repayment.ts',
  access: ['borrower'],
  idempotent: true,
  request: { params: loanParams, body: repaymentRequest },
  responses: {
    202: { description: 'Accepted and reserved: the repayment, its allocation and status (PENDING until the bank confirms)', body: repayment },
    404: problem('No such loan of the caller'),
    409: problem('Nothing is due, the loan is settled, or another repayment of the loan is with the bank'),
    422: problem('The available balance is insufficient, the amount is more than is due, or the Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write', 'custodian-bank:endpoint', 'custodian-bank:secret'],
};

export const listRepaymentsRoute: RouteDefinition = {
  id: 'listRepayments',
  method: 'GET',
  path: '/v1/loans/{loanId}/repayments',
  summary: 'A loan’s repayments, newest first (its borrower; its investors, each with their own share; reviewers, auditors, admins)',
  handler: 'functions/http/get-repayments.ts',
  access: everyRole,
  request: { params: loanParams, query: repaymentsQuery },
  responses: { 200: { description: 'The repayments', body: repaymentsPage }, 404: problem('No such loan, or not one the caller may see') },
  resources: ['table:read'],
};

export const getRepaymentQuoteRoute: RouteDefinition = {
  id: 'getRepaymentQuote',
  method: 'GET',
  path: '/v1/loans/{loanId}/repayment-quote',
  summary: 'What the borrower would pay today: everything due now (kind DUE, with overdue penalty) and the early settlement of the whole loan (kind EARLY_SETTLEMENT), as a repayment would plan them; nothing is changed',
  handler: 'functions/http/get-repayment-quote.ts',
  access: ['borrower'],
  request: { params: loanParams },
  responses: {
    200: { description: 'The quote for today', body: repaymentQuote },
    404: problem('No such loan of the caller'),
    409: problem('The loan is settled, or not yet repaying'),
  },
  resources: ['table:read'],
};

export const listMyHoldingsRoute: RouteDefinition = {
  id: 'listMyHoldings',
  method: 'GET',
  path: '/v1/me/holdings',
  summary: 'The caller’s holdings as an investor: per loan, principal invested, expected and received principal and interest (and penalty), management fees, status',
  handler: 'functions/http/get-my-holdings.ts',
  access: ['investor'],
  responses: { 200: { description: 'The holdings', body: holdingsPage } },
  resources: ['table:read'],
};

export const servicingRoutes: readonly RouteDefinition[] = [postRepaymentRoute, listRepaymentsRoute, getRepaymentQuoteRoute, listMyHoldingsRoute];
