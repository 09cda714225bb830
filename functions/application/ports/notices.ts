/**
 * Notices to users as the notice use cases (../notices.ts) keep and send them
 * (adapters/dynamodb/notice-repository.ts; the notifier: adapters/notifier/notifier.ts).
 */
import type { NoticeCategory, NoticeChannel, NoticeKind, NoticeLanguage, NoticeParams } from '../../core/notices';

export interface StoredNotice {
  readonly noticeId: string;
  readonly userId: string;
  readonly kind: NoticeKind;
  readonly category: NoticeCategory;
  /** Masked values only (amounts, dates, a loan's short reference, a masked name). */
  readonly params: NoticeParams;
  readonly loanId?: string;
  /** When the fact it reports happened (the source change's stamp). */
  readonly createdAt: string;
  /** Quiet hours: SMS and email wait until then (the daily `notices` schedule sends them). */
  readonly deliverAfter?: string;
  readonly readAt?: string;
  /** When each channel was sent. */
  readonly sent?: Partial<Record<NoticeChannel, string>>;
}

export interface StoredNoticePreferences {
  readonly language?: NoticeLanguage;
  readonly channels?: Partial<Record<NoticeCategory, Partial<Record<NoticeChannel, boolean>>>>;
  readonly updatedAt?: string;
}

export interface NoticePage {
  readonly items: StoredNotice[];
  readonly nextCursor?: string;
}

export interface NoticeStore {
  /**
   * Records the notice once, on the condition that its id is new, with the owner's unread
   * count raised in the same transaction (and, when it has `deliverAfter`, queued for the
   * schedule). `created: false`: it was recorded before (a redelivery); `notice` is what is stored.
   */
  record(notice: StoredNotice): Promise<{ readonly created: boolean; readonly notice: StoredNotice }>;
  /** Records that a channel was sent; false when it already was. */
  markSent(noticeId: string, channel: NoticeChannel, at: Date): Promise<boolean>;
  /** Queued notices whose deliverAfter has come, oldest first. */
  queuedUntil(at: Date): Promise<StoredNotice[]>;
  dequeue(notice: StoredNotice): Promise<void>;
  /** The caller's notices, newest first. */
  listNotices(userId: string, limit: number, cursor: string | undefined): Promise<NoticePage>;
  unreadCount(userId: string): Promise<number>;
  /** Marks the user's notice read (the unread count falls once); undefined when the user has no such notice. */
  markRead(userId: string, noticeId: string, at: Date): Promise<StoredNotice | undefined>;
  preferences(userId: string): Promise<StoredNoticePreferences | undefined>;
  /** Several users' stored preferences at once, by user id; a user who saved none is absent. */
  preferencesOf(userIds: readonly string[]): Promise<ReadonlyMap<string, StoredNoticePreferences>>;
  savePreferences(userId: string, preferences: StoredNoticePreferences, at: Date): Promise<void>;
}

/** A text message or email to a user, by user id (the delivery service holds the contact details). */
export interface NoticeMessage {
  readonly messageId: string;
  readonly recipientUserId: string;
  readonly purpose: string;
  readonly channel: NoticeChannel;
  readonly text: string;
}

export interface NoticeNotifier {
  send(message: NoticeMessage, at: Date): Promise<unknown>;
}
