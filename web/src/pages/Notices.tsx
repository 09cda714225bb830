/**
 * The signed-in user's notices (GET /v1/me/notifications): the inbox, newest first, with the
 * unread count, each unread one marked read on request (borrowers and investors); and the
 * notification preferences (GET/PUT /v1/me/notification-preferences), the API's complaint
 * at the field. Collection notices (overdue, reminders, auto-debit) are the repayment category.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { dateTime } from '../dates';
import { useI18n } from '../i18n';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { useSession } from '../session';
import { Table } from '../Table';
import { announceUnread } from '../unread';
import { LoadMore } from '../LoadMore';
import { useLatestOnly } from '../latest';

type Notice = Schemas['Notice'];
type Preferences = Schemas['NoticePreferences'];
type Category = keyof Preferences['channels'];
const channels = ['sms', 'email'] as const;

export function Notices() {
  const { t, language } = useI18n();
  const { profile } = useSession();
  const canMark = Boolean(profile?.roles.some((role) => role === 'borrower' || role === 'investor'));
  const [notices, setNotices] = useState<Notice[]>();
  const [unread, setUnread] = useState(0);
  const [nextCursor, setNextCursor] = useState<string>();
  const [problem, setProblem] = useState<Explained>();
  // The notices' texts come in the language asked for.
  const headers = { 'accept-language': language === 'en' ? 'en' : 'zh-CN' };

  const latest = useLatestOnly();

  async function load(cursor?: string) {
    const result = await latest(api.GET('/v1/me/notifications', { params: { query: { limit: '20', ...(cursor ? { cursor } : {}) } }, headers }));
    if (!result) return;
    setProblem(explainResult(result, t, language));
    if (!result.data) return;
    setNotices((shown) => [...(cursor ? (shown ?? []) : []), ...result.data.items]);
    setUnread(result.data.unreadCount);
    setNextCursor(result.data.nextCursor);
    announceUnread(result.data.unreadCount);
  }
  useEffect(() => {
    void load();
    // Reads again in the other language.
  }, [language]);

  async function markRead(noticeId: string) {
    const result = await api.POST('/v1/me/notifications/{noticeId}/read', { params: { path: { noticeId } }, headers });
    setProblem(explainResult(result, t, language));
    if (!result.data) return;
    const read = result.data.notice;
    setNotices((shown) => shown?.map((notice) => (notice.id === read.id ? read : notice)));
    setUnread(result.data.unreadCount);
    announceUnread(result.data.unreadCount);
  }

  return (
    <>
      <h1>{t.notices.title}</h1>
      <p data-testid="unread">
        {t.notices.unreadCount}
        {unread}
      </p>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {notices === undefined && !problem ? <p>{t.loading}</p> : null}
      {notices?.length === 0 ? <p>{t.notices.none}</p> : null}
      <ul className="plain-list">
        {notices?.map((notice) => (
          <li key={notice.id} className={notice.read ? undefined : 'notice-unread'}>
            <p>
              <small>
                {t.notices.categories[notice.category] ?? notice.category} · <time dateTime={notice.createdAt}>{dateTime(notice.createdAt, language)}</time>
              </small>
            </p>
            <p>{notice.text}</p>
            {notice.read ? (
              <small>{t.notices.read}</small>
            ) : canMark ? (
              <button type="button" className="secondary" onClick={() => void markRead(notice.id)}>
                {t.notices.markRead}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <LoadMore cursor={nextCursor} load={load} />
      {canMark ? <PreferencesForm /> : null}
    </>
  );
}

function PreferencesForm() {
  const { t, language } = useI18n();
  const [preferences, setPreferences] = useState<Preferences>();
  const [problem, setProblem] = useState<Explained>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void api.GET('/v1/me/notification-preferences').then((result) => setPreferences(result.data));
  }, []);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const categories = Object.keys(preferences?.channels ?? {}) as Category[];
    const chosen = Object.fromEntries(categories.map((category) => [category, { sms: form.has(`${category}.sms`), email: form.has(`${category}.email`) }]));
    const body = { language: String(form.get('language')), channels: chosen } as Schemas['NoticePreferencesRequest'];
    const result = await api.PUT('/v1/me/notification-preferences', { params: { header: idempotencyKey() }, body });
    setProblem(explainResult(result, t, language));
    if (!result.data) return;
    setPreferences(result.data);
    setSaved(true);
  }

  if (!preferences) return <p>{t.loading}</p>;
  return (
    <section aria-labelledby="preferences">
      <h2 id="preferences">{t.notices.preferences}</h2>
      <p>{t.notices.preferencesIntro}</p>
      <form className="narrow-form" onSubmit={(event) => void save(event)} noValidate>
        <Field label={t.notices.language} name="language" error={problem?.fields.language}>
          {(props) => (
            <select {...props} defaultValue={preferences.language}>
              {Object.entries(t.notices.languages).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Table caption={t.notices.preferences} hideCaption headers={[t.notices.category, t.notices.sms, t.notices.email]}>
          {(Object.entries(preferences.channels) as Array<[Category, Preferences['channels'][Category]]>).map(([category, choice]) => (
            <tr key={category}>
              <td>{t.notices.categories[category] ?? category}</td>
              {channels.map((channel) => (
                <td key={channel}>
                  <input type="checkbox" className="check" name={`${category}.${channel}`} defaultChecked={choice[channel]} aria-label={`${t.notices.categories[category] ?? category} ${t.notices[channel]}`} />
                </td>
              ))}
            </tr>
          ))}
        </Table>
        {problem?.fields.channels ? <p className="field-error">{problem.fields.channels}</p> : null}
        <button type="submit">{t.notices.save}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {saved ? (
        <p role="status" className="success">
          {t.notices.saved}
        </p>
      ) : null}
    </section>
  );
}
