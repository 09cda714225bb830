/** The users' side of notices (their inbox and preferences): the notice store only, so the HTTP handlers carry no notifier. */
import type { NoticePorts } from '../application/notices';
import { noticeRepository } from '../adapters/dynamodb/notice-repository';

export const noticeInbox: Pick<NoticePorts, 'store'> = { store: noticeRepository };
