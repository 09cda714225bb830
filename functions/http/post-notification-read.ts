/** POST /v1/me/notifications/{noticeId}/read (any role): marks one of the caller's notices read; 404 for anyone else's. */
import { NotFoundError } from '../core/errors';
import { now } from '../adapters/runtime/clock';
import { markNoticeRead } from '../application/notices';
import { noticeInbox } from '../composition/notice-inbox';
import { markNotificationReadRoute } from '../api/routes/notices';
import { noticeBody } from './notice-views';
import { routeHandler } from './route-handler';

export const handler = routeHandler(markNotificationReadRoute, async (request) => {
  const read = await markNoticeRead(noticeInbox, request.caller!.userId, String(request.params.noticeId), request.headers['accept-language'], now());
  if (!read) throw new NotFoundError('You have no such notice');
  return { status: 200, body: { notice: noticeBody(read.notice), unreadCount: read.unreadCount }, headers: { 'cache-control': 'no-store' } };
});
