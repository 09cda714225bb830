/** The API's shapes of notices and preferences (functions/api/schemas/notices.ts). */
import type { z } from 'zod';
import type { InboxNotice } from '../application/notices';
import type { NoticePreferences } from '../core/notices';
import type { notice, noticePreferences } from '../api/schemas/notices';

export const noticeBody = ({ notice: stored, text }: InboxNotice): z.infer<typeof notice> => ({
  id: stored.noticeId,
  kind: stored.kind,
  category: stored.category,
  text,
  ...(stored.loanId ? { loanId: stored.loanId } : {}),
  createdAt: stored.createdAt,
  read: stored.readAt !== undefined,
  ...(stored.readAt ? { readAt: stored.readAt } : {}),
});

export const preferencesBody = (preferences: NoticePreferences): z.infer<typeof noticePreferences> => ({ language: preferences.language, channels: preferences.channels, inApp: true });
