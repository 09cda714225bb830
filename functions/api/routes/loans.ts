/** Loans: one loan for the people entitled to see it, and the borrower's own loans. */
import { loanDetail, loanParams, loansPage } from '../schemas/loans';
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

export const loanRoutes: readonly RouteDefinition[] = [getLoanRoute, listMyLoansRoute];
