/** Post-loan (贷后): collection cases, write-off, in-loan monitoring alerts, the risk reserve's disclosure. */
import {
  alertsPage,
  alertsQuery,
  collectionCaseDetail,
  collectionsPage,
  collectionsQuery,
  riskReserveDisclosure,
  writeOffRequest,
  writeOffResult,
} from '../schemas/collections';
import { loanParams } from '../schemas/loans';
import { problem, type RouteDefinition } from '../route-definition';
import { staffRoles } from '../../core/roles';

export const listCollectionsRoute: RouteDefinition = {
  id: 'listCollections',
  method: 'GET',
  path: '/v1/collections',
  summary: 'Collection cases (催收案件), one per overdue loan: stage (reminders, legal, defaulted, written off), overdue days and bucket; filter by stage; paginated',
  handler: 'functions/http/get-collections.ts',
  access: staffRoles,
  request: { query: collectionsQuery },
  responses: { 200: { description: 'A page of collection cases', body: collectionsPage }, 400: problem('A filter or the cursor is invalid') },
  resources: ['table:read'],
};

export const getCollectionRoute: RouteDefinition = {
  id: 'getCollection',
  method: 'GET',
  path: '/v1/collections/{loanId}',
  summary: 'One loan’s collection case with its overdue figures and the append-only log of every action (reminders, escalation, default, write-off)',
  handler: 'functions/http/get-collection.ts',
  access: staffRoles,
  request: { params: loanParams },
  responses: { 200: { description: 'The case', body: collectionCaseDetail }, 404: problem('No collection case for this loan') },
  resources: ['table:read'],
};

export const postWriteOffRoute: RouteDefinition = {
  id: 'postWriteOff',
  method: 'POST',
  path: '/v1/loans/{loanId}/write-off',
  summary: 'Writes a DEFAULTED loan off (核销), recorded on its collection case; recoveries that still arrive are distributed',
  handler: 'functions/http/post-write-off.ts',
  access: ['admin'],
  idempotent: true,
  request: { params: loanParams, body: writeOffRequest },
  responses: {
    200: { description: 'The loan is written off', body: writeOffResult },
    404: problem('No such loan'),
    409: problem('The loan is not DEFAULTED'),
  },
  resources: ['table:read', 'table:write'],
};

export const listAlertsRoute: RouteDefinition = {
  id: 'listAlerts',
  method: 'GET',
  path: '/v1/alerts',
  summary: 'In-loan monitoring alerts, newest first: a borrower withdrawing most of a disbursement within the hour, many large transfers in a day',
  handler: 'functions/http/get-alerts.ts',
  access: staffRoles,
  request: { query: alertsQuery },
  responses: { 200: { description: 'A page of alerts', body: alertsPage }, 400: problem('The cursor is invalid') },
  resources: ['table:read'],
};

export const getRiskReserveRoute: RouteDefinition = {
  id: 'getRiskReserve',
  method: 'GET',
  path: '/v1/risk-reserve',
  summary: 'The risk reserve (风险准备金), public disclosure: balance, whether it compensates investors (a policy switch, off by default), and every decision and use on a defaulted loan',
  handler: 'functions/http/get-risk-reserve.ts',
  access: 'public',
  responses: { 200: { description: 'The reserve’s balance and uses', body: riskReserveDisclosure } },
  resources: ['table:read'],
};

export const collectionRoutes: readonly RouteDefinition[] = [listCollectionsRoute, getCollectionRoute, postWriteOffRoute, listAlertsRoute, getRiskReserveRoute];
