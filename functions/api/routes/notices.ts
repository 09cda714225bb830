/** Notices to users: the caller's inbox, marking a notice read, the notification preferences. */
import { noticePage, noticeParams, noticePreferences, noticePreferencesRequest, noticeReadResponse, noticesQuery } from '../schemas/notices';
import { problem, type RouteDefinition } from '../route-definition';
import { customerRoles, everyRole } from '../../core/roles';

export const listMyNotificationsRoute: RouteDefinition = {
  id: 'listMyNotifications',
  method: 'GET',
  path: '/v1/me/notifications',
  summary: 'The caller’s notices (in-app inbox), newest first, with the unread count',
  description:
    'Every notice the platform made for the caller: verification result, application decision, listing funded or expired, disbursement, the reminder three days before each due date, auto-debit success or failure, overdue installments, repayments received, withdrawals, debt transfers. Texts hold masked data only, in the language of Accept-Language (Chinese for zh-*, English otherwise) or else the preferred one.',
  handler: 'functions/http/get-my-notifications.ts',
  access: everyRole,
  request: { query: noticesQuery },
  responses: { 200: { description: 'A page of notices and the unread count', body: noticePage }, 400: problem('The limit or cursor is invalid') },
  resources: ['table:read'],
};

export const markNotificationReadRoute: RouteDefinition = {
  id: 'markNotificationRead',
  method: 'POST',
  path: '/v1/me/notifications/{noticeId}/read',
  summary: 'Marks one of the caller’s notices read (again: no change); the unread count after it',
  handler: 'functions/http/post-notification-read.ts',
  access: customerRoles,
  request: { params: noticeParams },
  responses: { 200: { description: 'The notice, read, and the unread count', body: noticeReadResponse }, 404: problem('The caller has no such notice') },
  resources: ['table:read', 'table:write'],
};

export const getNotificationPreferencesRoute: RouteDefinition = {
  id: 'getNotificationPreferences',
  method: 'GET',
  path: '/v1/me/notification-preferences',
  summary: 'The caller’s notification preferences: language, SMS and email per category (the inbox always)',
  handler: 'functions/http/get-notification-preferences.ts',
  access: everyRole,
  responses: { 200: { description: 'The preferences in force (defaults where none were set)', body: noticePreferences } },
  resources: ['table:read'],
};

export const putNotificationPreferencesRoute: RouteDefinition = {
  id: 'putNotificationPreferences',
  method: 'PUT',
  path: '/v1/me/notification-preferences',
  summary: 'Replaces the caller’s notification preferences; what the body leaves out takes its default',
  handler: 'functions/http/put-notification-preferences.ts',
  access: customerRoles,
  idempotent: true,
  request: { body: noticePreferencesRequest },
  responses: { 200: { description: 'The preferences in force', body: noticePreferences }, 400: problem('Not a valid preferences document'), 422: problem('The Idempotency-Key was used with another request') },
  resources: ['table:read', 'table:write'],
};

export const noticeRoutes: readonly RouteDefinition[] = [listMyNotificationsRoute, markNotificationReadRoute, getNotificationPreferencesRoute, putNotificationPreferencesRoute];
