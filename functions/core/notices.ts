/**
 * Notices to users (通知), pure: what kinds there are, which category each belongs to (a
 * user chooses SMS and email per category; the in-app inbox always gets every notice),
 * which are urgent, the Chinese templates with their English fallbacks, quiet hours
 * (21:00–08:00 Asia/Shanghai: a non-urgent notice is delivered at the next 08:00), the
 * deterministic id of a notice from the fact it reports, and the check that a text carries
 * masked data only. docs/domain/notices.md describes the whole.
 */
import { createHash } from 'node:crypto';
import { addDays, businessDate, platformTimeZone, wallClock } from './calendar';

export const noticeCategories = ['account', 'loan', 'repayment', 'investment', 'funds'] as const;
export type NoticeCategory = (typeof noticeCategories)[number];

export const noticeChannels = ['sms', 'email'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

export const noticeLanguages = ['zh', 'en'] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number];

/** How many days before a due date the reminder goes out. */
export const dueReminderDays = 3;
/** Quiet hours on Shanghai's wall clock: from 21:00 to 08:00 nothing non-urgent is sent. */
export const quietHours = { from: 21, until: 8 } as const;

/** What a notice's text may name: amounts (yuan), dates, a loan's short reference, a masked name, counts. Never personal data in clear. */
export type NoticeParams = Readonly<Record<string, string>>;

interface NoticeKindDefinition {
  readonly category: NoticeCategory;
  /**
   * Urgent notices are delivered in quiet hours too. Only what the user must act on at once
   * for their own safety: money leaving their account. Overdue notices are NOT urgent: a
   * collection contact outside 08:00–21:00 is what the platform promises never to make.
   */
  readonly urgent: boolean;
  readonly zh: (params: NoticeParams) => string;
  readonly en: (params: NoticeParams) => string;
}

const kinds = {
  VERIFICATION_APPROVED: {
    category: 'account',
    urgent: false,
    zh: (p) => `${p.name}，您的实名认证已通过。`,
    en: (p) => `${p.name}, your identity verification has been approved.`,
  },
  VERIFICATION_REJECTED: {
    category: 'account',
    urgent: false,
    zh: (p) => `${p.name}，您的实名认证未通过，请核对信息后重新提交。`,
    en: (p) => `${p.name}, your identity verification was not approved; please check your details and submit again.`,
  },
  APPLICATION_APPROVED: {
    category: 'loan',
    urgent: false,
    zh: (p) => `您的借款申请（${p.loanRef}）已通过审核，风险等级 ${p.grade}，现已发布募集。`,
    en: (p) => `Your loan application (${p.loanRef}) was approved with risk grade ${p.grade} and is now listed.`,
  },
  APPLICATION_REJECTED: {
    category: 'loan',
    urgent: false,
    zh: (p) => `很抱歉，您的借款申请（${p.loanRef}）未通过审核。`,
    en: (p) => `We are sorry: your loan application (${p.loanRef}) was not approved.`,
  },
  LISTING_FUNDED: {
    category: 'loan',
    urgent: false,
    zh: (p) => `您的借款（${p.loanRef}）已满标，金额 ¥${p.amount}，即将签约放款。`,
    en: (p) => `Your loan (${p.loanRef}) is fully funded (¥${p.amount}); contracts and disbursement follow.`,
  },
  LISTING_EXPIRED: {
    category: 'loan',
    urgent: false,
    zh: (p) => `您的借款（${p.loanRef}）募集期满未满标，已流标。`,
    en: (p) => `Your loan listing (${p.loanRef}) closed without being fully funded.`,
  },
  LOAN_DISBURSED: {
    category: 'loan',
    urgent: false,
    zh: (p) => `您的借款（${p.loanRef}）已放款，¥${p.amount} 已转入您的存管账户。`,
    en: (p) => `Your loan (${p.loanRef}) was disbursed: ¥${p.amount} reached your custody account.`,
  },
  INVESTMENT_STARTED: {
    category: 'investment',
    urgent: false,
    zh: (p) => `您投资的借款（${p.loanRef}）已放款，投资 ¥${p.amount} 开始计息。`,
    en: (p) => `The loan you invested in (${p.loanRef}) was disbursed: your ¥${p.amount} now earns interest.`,
  },
  BID_RETURNED: {
    category: 'investment',
    urgent: false,
    zh: (p) => `您对借款（${p.loanRef}）的投标未成交，冻结的 ¥${p.amount} 已解冻。`,
    en: (p) => `Your bid on loan ${p.loanRef} did not go through: the frozen ¥${p.amount} is available again.`,
  },
  DUE_REMINDER: {
    category: 'repayment',
    urgent: false,
    zh: (p) => `温馨提示：您的借款（${p.loanRef}）第 ${p.number} 期 ¥${p.amount} 将于 ${p.dueDate} 到期，届时将从存管账户自动扣款，请确保余额充足。`,
    en: (p) => `Reminder: installment ${p.number} of your loan (${p.loanRef}), ¥${p.amount}, is due on ${p.dueDate} and will be debited from your custody account; please keep enough balance.`,
  },
  AUTO_DEBIT_SUCCEEDED: {
    category: 'repayment',
    urgent: false,
    zh: (p) => `您的借款（${p.loanRef}）本期 ¥${p.amount} 已自动扣款成功。`,
    en: (p) => `¥${p.amount} for your loan (${p.loanRef}) was debited successfully.`,
  },
  AUTO_DEBIT_FAILED: {
    category: 'repayment',
    urgent: false,
    zh: (p) => `您的借款（${p.loanRef}）本期 ¥${p.amount} 自动扣款未成功，请尽快充值并还款，以免逾期。`,
    en: (p) => `The debit of ¥${p.amount} for your loan (${p.loanRef}) did not go through; please top up and repay to avoid going overdue.`,
  },
  INSTALLMENT_OVERDUE: {
    category: 'repayment',
    urgent: false,
    zh: (p) => `您的借款（${p.loanRef}）第 ${p.number} 期（${p.dueDate} 到期）已逾期，将按合同计收罚息，请尽快还款。`,
    en: (p) => `Installment ${p.number} of your loan (${p.loanRef}), due ${p.dueDate}, is overdue; penalty interest accrues under the contract. Please repay soon.`,
  },
  REPAYMENT_RECEIVED: {
    category: 'investment',
    urgent: false,
    zh: (p) => `您投资的借款（${p.loanRef}）回款 ¥${p.amount} 已到账。`,
    en: (p) => `You received ¥${p.amount} from the loan you invested in (${p.loanRef}).`,
  },
  WITHDRAWAL_CONFIRMED: {
    category: 'funds',
    urgent: true,
    zh: (p) => `您的提现 ¥${p.amount} 已到账。如非本人操作，请立即联系客服。`,
    en: (p) => `Your withdrawal of ¥${p.amount} has been paid out. If it was not you, contact us at once.`,
  },
  TRANSFER_SOLD: {
    category: 'investment',
    urgent: false,
    zh: (p) => `您转让的债权（借款 ${p.loanRef}）已成交，价款 ¥${p.amount}。`,
    en: (p) => `Your holding in loan ${p.loanRef} was sold for ¥${p.amount}.`,
  },
  TRANSFER_BOUGHT: {
    category: 'investment',
    urgent: false,
    zh: (p) => `您已成功受让借款（${p.loanRef}）的债权，价款 ¥${p.amount}。`,
    en: (p) => `You bought a holding in loan ${p.loanRef} for ¥${p.amount}.`,
  },
} as const satisfies Record<string, NoticeKindDefinition>;

export type NoticeKind = keyof typeof kinds;
export const noticeKinds = Object.keys(kinds) as NoticeKind[];

export const categoryOf = (kind: NoticeKind): NoticeCategory => kinds[kind].category;
export const isUrgent = (kind: NoticeKind): boolean => kinds[kind].urgent;

/** A run of 11 or more digits: a phone, ID or card number in clear. Amounts have at most 10 digits before the point. */
const clearPersonalNumber = /\d{11,}/;

/** The text of a notice in `language` (Chinese, or the English fallback); throws if it would carry a personal number in clear. */
export function renderNotice(kind: NoticeKind, params: NoticeParams, language: NoticeLanguage): string {
  const text = kinds[kind][language](params);
  if (clearPersonalNumber.test(text) || /undefined/.test(text)) throw new Error(`notice ${kind}: its text would carry unmasked or missing data`);
  return text;
}

/** A loan's short reference in a text: its id's last six characters (no personal data). */
export const loanRef = (loanId: string): string => loanId.replace(/-/g, '').slice(-6).toUpperCase();

/** The notice's id: a digest of the fact it reports (e.g. "DUE_REMINDER:{loanId}:{number}"), so a retry or redelivery finds the same notice. */
export function noticeIdOf(kind: NoticeKind, ...fact: readonly (string | number)[]): string {
  return `ntc_${createHash('sha256').update([kind, ...fact].join('\u001f')).digest('hex').slice(0, 32)}`;
}

export const isQuietHour = (at: Date): boolean => {
  const { hour } = wallClock(at, platformTimeZone);
  return hour >= quietHours.from || hour < quietHours.until;
};

/** When a notice of `kind` made at `at` may go out by SMS or email: now, or (not urgent, quiet hours) the next 08:00 Shanghai. */
export function deliveryTime(kind: NoticeKind, at: Date): Date {
  if (isUrgent(kind) || !isQuietHour(at)) return at;
  const today = businessDate(at, platformTimeZone);
  const day = wallClock(at, platformTimeZone).hour >= quietHours.from ? addDays(today, 1) : today;
  // Shanghai keeps +08:00 all year.
  return new Date(`${day}T${String(quietHours.until).padStart(2, '0')}:00:00+08:00`);
}

export interface NoticePreferences {
  readonly language: NoticeLanguage;
  /** SMS and email per category; the in-app inbox always receives every notice. */
  readonly channels: Readonly<Record<NoticeCategory, Readonly<Record<NoticeChannel, boolean>>>>;
}

/** Until a user says otherwise: Chinese, SMS for every category, no email. */
export const defaultNoticePreferences: NoticePreferences = {
  language: 'zh',
  channels: Object.fromEntries(noticeCategories.map((category) => [category, { sms: true, email: false }])) as NoticePreferences['channels'],
};

/** The stored preferences over the defaults (a category or channel never set keeps its default). */
export function effectivePreferences(stored: { language?: NoticeLanguage; channels?: Partial<Record<NoticeCategory, Partial<Record<NoticeChannel, boolean>>>> } | undefined): NoticePreferences {
  return {
    language: stored?.language ?? defaultNoticePreferences.language,
    channels: Object.fromEntries(noticeCategories.map((category) => [category, { ...defaultNoticePreferences.channels[category], ...stored?.channels?.[category] }])) as NoticePreferences['channels'],
  };
}

/** The channels a notice of `kind` goes out on under `preferences`. */
export const channelsFor = (kind: NoticeKind, preferences: NoticePreferences): NoticeChannel[] => noticeChannels.filter((channel) => preferences.channels[categoryOf(kind)][channel]);

/**
 * The language to show a notice in: the request's Accept-Language when it names one (a
 * Chinese tag: Chinese; any other: the English fallback), else the user's preference.
 */
export function languageFor(acceptLanguage: string | undefined, preference: NoticeLanguage): NoticeLanguage {
  const first = acceptLanguage
    ?.split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((parameter) => parameter.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  if (!first) return preference;
  return first.tag === 'zh' || first.tag.startsWith('zh-') ? 'zh' : 'en';
}
