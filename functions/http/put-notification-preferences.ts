/** PUT /v1/me/notification-preferences (any role): replaces the caller's preferences; what is left out takes its default. */
import type { z } from 'zod';
import { now } from '../adapters/runtime/clock';
import { saveNoticePreferences } from '../application/notices';
import { noticeInbox } from '../composition/notice-inbox';
import type { noticePreferencesRequest } from '../api/schemas/notices';
import { putNotificationPreferencesRoute } from '../api/routes/notices';
import { preferencesBody } from './notice-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(putNotificationPreferencesRoute, async (request) => {
  const preferences = request.body as z.infer<typeof noticePreferencesRequest>;
  return { status: 200, body: preferencesBody(await saveNoticePreferences(noticeInbox, request.caller!.userId, preferences, now())) };
});
