/** Custody accounts (资金存管): deposits, withdrawals, the account, its transactions, the bank's callbacks, reconciliation. */
import {
  callbackReceipt,
  custodyAccount,
  custodyAmountRequest,
  custodyTransaction,
  depositParams,
  reconciliationParams,
  reconciliationReport,
  transactionsPage,
  transactionsQuery,
  withdrawalParams,
} from '../schemas/custody';
import { problem, type RouteDefinition } from '../route-definition';
import { customerRoles, oversightRoles } from '../../core/roles';

export const postDepositRoute: RouteDefinition = {
  id: 'postDeposit',
  method: 'POST',
  path: '/v1/me/deposits',
  summary: 'Deposit (充值) into the caller’s custody sub-account: PENDING until the bank’s signed callback confirms it',
  handler: 'functions/http/post-deposit.ts',
  access: customerRoles,
  idempotent: true,
  request: { body: custodyAmountRequest },
  responses: {
    202: { description: 'Accepted: the deposit and its status (PENDING, or FAILED when the bank refused it at once)', body: custodyTransaction },
    403: problem('Not a borrower or investor, or not real-name verified'),
    422: problem('The Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write', 'custodian-bank:endpoint', 'custodian-bank:secret'],
};

export const postWithdrawalRoute: RouteDefinition = {
  id: 'postWithdrawal',
  method: 'POST',
  path: '/v1/me/withdrawals',
  summary: 'Withdrawal (提现) from the available balance: frozen at once, paid out when the bank’s signed callback confirms it',
  handler: 'functions/http/post-withdrawal.ts',
  access: customerRoles,
  idempotent: true,
  request: { body: custodyAmountRequest },
  responses: {
    202: { description: 'Accepted and frozen: the withdrawal and its status', body: custodyTransaction },
    403: problem('Not a borrower or investor, or not real-name verified'),
    422: problem('The available balance is insufficient, or the Idempotency-Key was used with another request'),
  },
  resources: ['table:read', 'table:write', 'custodian-bank:endpoint', 'custodian-bank:secret'],
};

export const getDepositRoute: RouteDefinition = {
  id: 'getDeposit',
  method: 'GET',
  path: '/v1/me/deposits/{depositId}',
  summary: 'One of the caller’s deposits',
  handler: 'functions/http/get-deposit.ts',
  access: customerRoles,
  request: { params: depositParams },
  responses: {
    200: { description: 'The deposit', body: custodyTransaction },
    404: problem('No such deposit of the caller'),
  },
  resources: ['table:read'],
};

export const getWithdrawalRoute: RouteDefinition = {
  id: 'getWithdrawal',
  method: 'GET',
  path: '/v1/me/withdrawals/{withdrawalId}',
  summary: 'One of the caller’s withdrawals',
  handler: 'functions/http/get-withdrawal.ts',
  access: customerRoles,
  request: { params: withdrawalParams },
  responses: {
    200: { description: 'The withdrawal', body: custodyTransaction },
    404: problem('No such withdrawal of the caller'),
  },
  resources: ['table:read'],
};

export const getCustodyAccountRoute: RouteDefinition = {
  id: 'getCustodyAccount',
  method: 'GET',
  path: '/v1/me/account',
  summary: 'The caller’s custody account: available, frozen, balance, totals deposited and withdrawn (from the ledger)',
  handler: 'functions/http/get-custody-account.ts',
  access: customerRoles,
  responses: { 200: { description: 'The account', body: custodyAccount } },
  resources: ['table:read'],
};

export const listCustodyTransactionsRoute: RouteDefinition = {
  id: 'listCustodyTransactions',
  method: 'GET',
  path: '/v1/me/transactions',
  summary: 'The caller’s deposits and withdrawals, newest first; by type and business-date range; paged by an opaque cursor',
  handler: 'functions/http/get-custody-transactions.ts',
  access: customerRoles,
  request: { query: transactionsQuery },
  responses: {
    200: { description: 'A page of transactions and, when there may be more, the cursor of the next', body: transactionsPage },
    400: problem('A filter or the cursor is invalid'),
  },
  resources: ['table:read'],
};

export const postCustodyCallbackRoute: RouteDefinition = {
  id: 'postCustodyCallback',
  method: 'POST',
  path: '/v1/custody/callbacks',
  summary:
    'The custodian bank’s signed callback (no token: x-custody-timestamp and x-custody-signature = v1=HMAC-SHA256(secret, `${timestamp}.${rawBody}`), 5-minute window, de-duplicated by eventId)',
  handler: 'functions/http/post-custody-callback.ts',
  access: 'public',
  responses: {
    200: { description: 'Applied, or a duplicate of an event already applied (nothing changes)', body: callbackReceipt },
    400: problem('Signed, but not an event of the protocol'),
    401: problem('Not signed by the bank, tampered with, or outside the replay window'),
    413: problem('The body is too large'),
    422: problem('The event names an instruction the platform does not know, or contradicts it'),
  },
  // workflows:callback: a disbursement's transfer.succeeded / transfer.failed completes the origination workflow's wait.
  // documents and contracts:sign: a settled debt transfer's agreement is stored once and signed (functions/application/transfer-agreements.ts).
  resources: ['table:read', 'table:write', 'custodian-bank:endpoint', 'custodian-bank:secret', 'workflows:callback', 'workflows:start', 'documents:read', 'documents:write', 'contracts:sign'],
};

export const getReconciliationReportRoute: RouteDefinition = {
  id: 'getReconciliationReport',
  method: 'GET',
  path: '/v1/reconciliations/{businessDate}',
  summary: 'The daily reconciliation report of a business date: every difference between the ledger and the bank’s statement',
  handler: 'functions/http/get-reconciliation-report.ts',
  access: oversightRoles,
  request: { params: reconciliationParams },
  responses: {
    200: { description: 'The report', body: reconciliationReport },
    404: problem('That day has not been reconciled'),
  },
  resources: ['table:read'],
};

export const custodyRoutes: readonly RouteDefinition[] = [postDepositRoute, postWithdrawalRoute, getDepositRoute, getWithdrawalRoute, getCustodyAccountRoute, listCustodyTransactionsRoute, postCustodyCallbackRoute, getReconciliationReportRoute];
