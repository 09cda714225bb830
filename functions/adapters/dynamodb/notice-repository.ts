/**
 * Notices to users in the platform table (the port: application/ports/notices.ts). Keys live here only:
 *   NOTICE#{noticeId} / NOTICE              a notice (kind, category, masked params, readAt, sent per channel);
 *                                           byOwner: USER#{userId}#NOTICES / {createdAt}#{noticeId} (the inbox, newest first)
 *   USER#{userId} / NOTICE_INBOX            the inbox's unread count, moved in the same transaction as the notice
 *   NOTICE_QUEUE / {deliverAfter}#{noticeId} a notice held back by quiet hours, until the `notices` schedule sends it
 *   USER#{userId} / NOTICE_PREFERENCES      the user's language and channels per category
 * A notice is put on the condition its id is new: a redelivered change or a retried
 * schedule finds it and records nothing. NOTICE_QUEUE is one partition: it holds only
 * the night's deferred notices, each removed once sent.
 */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeChannel } from '../../core/notices';
import type { NoticePage, NoticeStore, StoredNotice, StoredNoticePreferences } from '../../application/ports/notices';
import { config } from '../../settings/settings';
import { batchGetEach, documents, firstConditionFailed, isConditionFailure, queryAll } from './client';
import { ownerPage } from './page-cursor';

const noticeKey = (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' });
const inboxKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'NOTICE_INBOX' });
const queuePartition = 'NOTICE_QUEUE';
const queueKey = (notice: StoredNotice) => ({ pk: queuePartition, sk: `${notice.deliverAfter}#${notice.noticeId}` });
const preferencesKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'NOTICE_PREFERENCES' });
const ownerPartition = (userId: string) => `USER#${userId}#NOTICES`;

const noticeOf = (item: Record<string, unknown>): StoredNotice => {
  const { pk: _pk, sk: _sk, ownerPk: _op, ownerSk: _os, changedAt: _ca, changedBy: _cb, requestId: _ri, ...notice } = item;
  return notice as unknown as StoredNotice;
};

const storedPreferences = (item: Record<string, unknown>): StoredNoticePreferences =>
  ({ ...(item.language ? { language: item.language } : {}), ...(item.channels ? { channels: item.channels } : {}), ...(item.updatedAt ? { updatedAt: item.updatedAt } : {}) }) as StoredNoticePreferences;

async function findNotice(noticeId: string): Promise<StoredNotice | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: noticeKey(noticeId), ConsistentRead: true }));
  return Item ? noticeOf(Item) : undefined;
}

export const noticeRepository: NoticeStore = {
  async record(notice) {
    const TableName = config.tableName();
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { ...noticeKey(notice.noticeId), ...notice, ownerPk: ownerPartition(notice.userId), ownerSk: `${notice.createdAt}#${notice.noticeId}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Update: { TableName, Key: inboxKey(notice.userId), UpdateExpression: 'SET userId = :user ADD unread :one', ExpressionAttributeValues: { ':user': notice.userId, ':one': 1 } } },
            ...(notice.deliverAfter ? [{ Put: { TableName, Item: { ...queueKey(notice), noticeId: notice.noticeId } } }] : []),
          ],
        }),
      );
      return { created: true, notice };
    } catch (error) {
      if (!firstConditionFailed(error)) throw error;
      const stored = await findNotice(notice.noticeId);
      if (!stored) throw error;
      return { created: false, notice: stored };
    }
  },

  async markSent(noticeId, channel: NoticeChannel, at) {
    try {
      await documents.send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: noticeKey(noticeId),
          UpdateExpression: 'SET #sent.#channel = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#sent.#channel)',
          ExpressionAttributeNames: { '#sent': 'sent', '#channel': channel },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async queuedUntil(at) {
    const queued = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND sk <= :until', ExpressionAttributeValues: { ':pk': queuePartition, ':until': `${at.toISOString()}~` }, ConsistentRead: true });
    const notices = await Promise.all(queued.map((item) => findNotice(String(item.noticeId))));
    return notices.filter((notice): notice is StoredNotice => notice !== undefined);
  },

  async dequeue(notice) {
    if (notice.deliverAfter) await documents.send(new DeleteCommand({ TableName: config.tableName(), Key: queueKey(notice) }));
  },

  async listNotices(userId, limit, cursor): Promise<NoticePage> {
    const page = await ownerPage(ownerPartition(userId), limit, cursor);
    return { items: page.items.map(noticeOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  },


  async unreadCount(userId) {
    const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: inboxKey(userId), ConsistentRead: true }));
    return Math.max(0, Number(Item?.unread ?? 0));
  },

  async markRead(userId, noticeId, at) {
    const TableName = config.tableName();
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName,
                Key: noticeKey(noticeId),
                UpdateExpression: 'SET readAt = :at',
                ConditionExpression: 'userId = :user AND attribute_not_exists(readAt)',
                ExpressionAttributeValues: { ':user': userId, ':at': at.toISOString() },
              },
            },
            { Update: { TableName, Key: inboxKey(userId), UpdateExpression: 'ADD unread :minusOne', ExpressionAttributeValues: { ':minusOne': -1 } } },
          ],
        }),
      );
    } catch (error) {
      if (!firstConditionFailed(error)) throw error;
      // Someone else's, no such notice, or read before: the notice as it is, only if it is the caller's.
    }
    const notice = await findNotice(noticeId);
    return notice?.userId === userId ? notice : undefined;
  },

  async preferences(userId) {
    const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: preferencesKey(userId), ConsistentRead: true }));
    return Item ? storedPreferences(Item) : undefined;
  },

  async preferencesOf(userIds) {
    const items = await batchGetEach(config.tableName(), userIds, preferencesKey);
    return new Map([...items].map(([userId, item]) => [userId, storedPreferences(item)]));
  },

  async savePreferences(userId, preferences, at) {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...preferencesKey(userId), userId, ...preferences, updatedAt: at.toISOString() } }));
  },
};
