/** GET /v1/me/notifications (any role): the caller's notices, newest first, with the unread count. */
import type { z } from 'zod';
import { inboxPage } from '../application/notices';
import { noticeInbox } from '../composition/notice-inbox';
import type { noticesQuery } from '../api/schemas/notices';
import { listMyNotificationsRoute } from '../api/routes/notices';
import { noticeBody } from './notice-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listMyNotificationsRoute, async (request) => {
  const query = request.query as z.infer<typeof noticesQuery>;
  const page = await inboxPage(noticeInbox, request.caller!.userId, { limit: query.limit === undefined ? 20 : Number(query.limit), cursor: query.cursor, acceptLanguage: request.headers['accept-language'] });
  return {
    status: 200,
    body: { items: page.items.map(noticeBody), unreadCount: page.unreadCount, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store', vary: 'accept-language' },
  };
});
