/** GET /v1/me/notification-preferences (any role): language, SMS and email per category; the inbox always. */
import { noticePreferences } from '../application/notices';
import { noticeInbox } from '../composition/notice-inbox';
import { getNotificationPreferencesRoute } from '../api/routes/notices';
import { preferencesBody } from './notice-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getNotificationPreferencesRoute, async (request) => ({
  status: 200,
  body: preferencesBody(await noticePreferences(noticeInbox, request.caller!.userId)),
  headers: { 'cache-control': 'no-store' },
}));
