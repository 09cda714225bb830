/** Notices to users: the inbox (a page with the unread count), marking one read, the preferences. */
import * as z from 'zod';
import { noticeCategories, noticeKinds, noticeLanguages } from '../../core/notices';

const noticeId = z
  .string()
  .regex(/^ntc_[0-9a-f]{32}$/, 'a notice id is ntc_ and 32 hexadecimal digits')
  .meta({ description: 'The notice’s id: a digest of the fact it reports (the same fact never makes a second notice).' });

const categoryDescriptions: Readonly<Record<(typeof noticeCategories)[number], string>> = {
  account: 'Account: the identity verification’s result.',
  loan: 'Borrowing: the application’s decision, the listing funded or expired, the disbursement.',
  repayment: 'Repaying: the reminder three days before a due date, auto-debit success or failure, overdue installments.',
  investment: 'Investing: investments started, bids returned, repayments received, debt transfers sold or bought.',
  funds: 'Funds: withdrawals paid out (urgent: sent in quiet hours too).',
};

export const noticeParams = z.object({ noticeId });

export const noticesQuery = z
  .object({
    limit: z.string().regex(/^([1-9]\d?|100)$/, 'a limit is 1 to 100').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const notice = z
  .object({
    id: noticeId,
    kind: z.enum(noticeKinds as [string, ...string[]]).meta({ description: 'What happened, e.g. DUE_REMINDER, REPAYMENT_RECEIVED, WITHDRAWAL_CONFIRMED (docs/domain/notices.md lists them).' }),
    category: z.enum(noticeCategories).meta({ description: 'The category the preferences choose SMS and email for.' }),
    text: z.string().meta({ description: 'The notice in the language of Accept-Language (Chinese for zh-*, English for any other), else the preferred one. Masked data only.' }),
    loanId: z.string().optional().meta({ description: 'The loan it is about, if any.' }),
    createdAt: z.iso.datetime().meta({ description: 'When what it reports happened.' }),
    read: z.boolean(),
    readAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'Notice' });

export const noticePage = z
  .object({ items: z.array(notice), unreadCount: z.number().int().min(0).meta({ description: 'The caller’s unread notices (all pages).' }), nextCursor: z.string().optional() })
  .meta({ id: 'NoticePage' });

export const noticeReadResponse = z.object({ notice, unreadCount: z.number().int().min(0) }).meta({ id: 'NoticeRead' });

const channelChoice = z
  .object({ sms: z.boolean().meta({ description: 'Send this category by SMS.' }), email: z.boolean().meta({ description: 'Send this category by email.' }) })
  .strict();

export const noticePreferencesRequest = z
  .object({
    language: z.enum(noticeLanguages).optional().meta({ description: 'The language of SMS and email (zh, or the English fallback en); default zh.' }),
    channels: z
      .object(Object.fromEntries(noticeCategories.map((category) => [category, channelChoice.optional().meta({ description: categoryDescriptions[category] })])) as Record<(typeof noticeCategories)[number], z.ZodOptional<typeof channelChoice>>)
      .strict()
      .optional()
      .meta({ description: 'SMS and email per category; a category left out keeps its default (SMS on, email off). The in-app inbox always receives every notice.' }),
  })
  .strict()
  .meta({ id: 'NoticePreferencesRequest', examples: [{ language: 'zh', channels: { investment: { sms: false, email: true } } }] });

export const noticePreferences = z
  .object({
    language: z.enum(noticeLanguages),
    channels: z.object(Object.fromEntries(noticeCategories.map((category) => [category, channelChoice.meta({ description: categoryDescriptions[category] })])) as Record<(typeof noticeCategories)[number], typeof channelChoice>),
    inApp: z.literal(true).meta({ description: 'The inbox receives every notice, whatever the channels say.' }),
  })
  .meta({ id: 'NoticePreferences' });
