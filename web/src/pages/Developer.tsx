/**
 * The twin's developer panel (docs/website.md): the clock (read, advance), the schedules
 * (run one now), the bank simulator's controls and the notification outbox, through the
 * twin's control routes (../twin.ts), so a person can walk a loan through a year by
 * clicking. On AWS there are no control routes and the page says so.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { Table } from '../Table';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { forgetTwinSecret, keepTwinSecret, twin, twinSecret, type BankEvent, type BankSubAccount, type OutboxMessage, type ScheduleFiring, type TwinResult, type TwinSchedule } from '../twin';
import { yuan } from '../money';
import { dateTime } from '../dates';

interface State {
  now?: string;
  schedules?: TwinSchedule[];
  firings?: ScheduleFiring[];
  subAccounts?: BankSubAccount[];
  events?: BankEvent[];
  hold?: boolean;
  outbox?: OutboxMessage[];
}

const steps = ['P1D', 'P7D', 'P30D'] as const;

export function Developer() {
  const { t, language } = useI18n();
  const [secret, setSecret] = useState(twinSecret);
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<State>({});
  // What the twin said to the last control, and what reading its state said: kept apart, so the
  // read that follows a refused control does not wipe the refusal off the page.
  const [problem, setProblem] = useState<Explained>();
  const [readProblem, setReadProblem] = useState<Explained>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [duration, setDuration] = useState('P30D');
  const [until, setUntil] = useState('');
  const [adjustment, setAdjustment] = useState({ subAccountId: '', amount: '', direction: 'CREDIT' as 'CREDIT' | 'DEBIT' });

  const refresh = useCallback(async () => {
    if (!secret) return;
    const [clock, schedules, accounts, events, outbox] = await Promise.all([
      twin<{ now: string }>(secret, 'clock'),
      twin<{ schedules: TwinSchedule[]; recentFirings: ScheduleFiring[] }>(secret, 'schedules'),
      twin<{ subAccounts: BankSubAccount[] }>(secret, 'bank/sub-accounts'),
      twin<{ events: BankEvent[] }>(secret, 'bank/events'),
      twin<{ messages: OutboxMessage[] }>(secret, 'outbox'),
    ]);
    // Not JSON at all (../twin.ts): the address is the site's page, as on AWS, where no twin answers.
    setReadProblem(clock.response?.status === 404 && clock.error === undefined ? { form: t.dev.notATwin, fields: {} } : explainResult(clock, t, language));
    setState((previous) => ({
      ...previous,
      now: clock.data?.now,
      schedules: schedules.data?.schedules,
      firings: schedules.data?.recentFirings.slice(-10).reverse(),
      subAccounts: accounts.data?.subAccounts,
      events: events.data?.events.slice(-20).reverse(),
      outbox: outbox.data?.messages.slice(-20).reverse(),
    }));
  }, [secret, t, language]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** A control that changes something: the panel is busy until it answers, then shows what it says and reads everything again. */
  async function act<T>(request: Promise<TwinResult<T>>, message: (data: T) => string) {
    setBusy(true);
    setDone(undefined);
    const result = await request;
    setBusy(false);
    setProblem(explainResult(result, t, language));
    if (result.data !== undefined) setDone(message(result.data));
    await refresh();
  }

  if (!secret) {
    return (
      <>
        <h1>{t.dev.title}</h1>
        <p>{t.dev.needSecret}</p>
        <form
          className="narrow-form"
          onSubmit={(event) => {
            event.preventDefault();
            keepTwinSecret(typed);
            setSecret(typed);
          }}
        >
          <Field label={t.dev.secret} name="secret" error={undefined}>
            {(props) => <input {...props} type="password" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />}
          </Field>
          <button type="submit">{t.dev.useSecret}</button>
        </form>
      </>
    );
  }

  const advance = (step: string) => act(twin<{ now: string }>(secret, 'clock', { advance: step }), (data) => `${t.dev.clockNow} ${dateTime(data.now, language)}`);

  return (
    <>
      <h1>{t.dev.title}</h1>
      <p>{t.dev.intro}</p>
      <FormError explained={problem ?? readProblem} requestIdLabel={t.requestId} />
      <p role="status" className="success">
        {busy ? t.dev.working : done}
      </p>

      <section aria-labelledby="dev-clock">
        <h2 id="dev-clock">{t.dev.clock}</h2>
        <p>
          {t.dev.clockNow} <strong data-testid="twin-now">{state.now ? dateTime(state.now, language) : t.loading}</strong>
        </p>
        <div className="inline-form">
          {steps.map((step) => (
            <button key={step} type="button" disabled={busy} onClick={() => void advance(step)}>
              {t.dev.advanceBy[step]}
            </button>
          ))}
        </div>
        <form
          className="inline-form"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void advance(duration);
          }}
        >
          <Field label={t.dev.duration} name="advance" error={undefined}>
            {(props) => <input {...props} value={duration} onChange={(event) => setDuration(event.target.value)} />}
          </Field>
          <button type="submit" disabled={busy}>
            {t.dev.advance}
          </button>
        </form>
        <form
          className="inline-form"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            // A datetime-local value is Beijing time, the platform's business time zone.
            void act(twin<{ now: string }>(secret, 'clock', { set: `${until.length === 16 ? `${until}:00` : until}+08:00` }), (data) => `${t.dev.clockNow} ${dateTime(data.now, language)}`);
          }}
        >
          <Field label={t.dev.until} name="set" error={undefined}>
            {(props) => <input {...props} type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)} />}
          </Field>
          <button type="submit" disabled={busy || !until}>
            {t.dev.moveTo}
          </button>
        </form>
      </section>

      <section aria-labelledby="dev-schedules">
        <h2 id="dev-schedules">{t.dev.schedules}</h2>
        <Table caption={t.dev.schedules} headers={[t.dev.schedule, t.dev.nextRun, t.dev.action]} hideCaption>
          {state.schedules?.map((schedule) => (
            <tr key={schedule.name}>
              <th scope="row" title={schedule.description}>
                {schedule.name}
              </th>
              <td>{dateTime(schedule.next, language)}</td>
              <td>
                <button type="button" className="secondary" disabled={busy} aria-label={`${t.dev.runNow} ${schedule.name}`} onClick={() => void act(twin<ScheduleFiring>(secret, `schedules/${schedule.name}/run`, {}), (firing) => `${firing.schedule}: ${firing.error ?? t.dev.ran}`)}>
                  {t.dev.runNow}
                </button>
              </td>
            </tr>
          ))}
        </Table>
        {state.firings?.length ? (
          <details>
            <summary>{t.dev.recentFirings}</summary>
            <ul className="plain-list">
              {state.firings.map((firing, index) => (
                <li key={index}>
                  {dateTime(firing.scheduledTime, language)} {firing.schedule}: <code>{firing.error ?? JSON.stringify(firing.outcome)}</code>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="dev-bank">
        <h2 id="dev-bank">{t.dev.bank}</h2>
        <label className="check">
          <input type="checkbox" checked={state.hold ?? false} disabled={busy} onChange={(event) => {
            const hold = event.target.checked;
            setState((previous) => ({ ...previous, hold }));
            void act(twin<{ hold: boolean }>(secret, 'bank/callbacks', { hold }), (data) => (data.hold ? t.dev.holding : t.dev.delivering));
          }} />
          {t.dev.holdCallbacks}
        </label>
        <Table caption={t.dev.subAccounts} headers={[t.dev.subAccount, t.dev.owner, t.dev.balance, t.dev.frozen, t.dev.available]}>
          {state.subAccounts?.map((account) => (
            <tr key={account.subAccountId}>
              <th scope="row">{account.subAccountId}</th>
              <td>
                {account.kind} {account.ownerRef}
              </td>
              <td>{yuan(account.balance)}</td>
              <td>{yuan(account.frozen)}</td>
              <td>{yuan(account.available)}</td>
            </tr>
          ))}
        </Table>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act(twin<{ movementId: string; balanceAfter: string }>(secret, 'bank/adjustments', adjustment), (data) => `${t.dev.adjusted} ${yuan(data.balanceAfter)}`);
          }}
        >
          <Field label={t.dev.subAccount} name="subAccountId" error={undefined}>
            {(props) => <input {...props} value={adjustment.subAccountId} onChange={(event) => setAdjustment({ ...adjustment, subAccountId: event.target.value })} />}
          </Field>
          <Field label={t.amount} name="amount" error={undefined}>
            {(props) => <input {...props} inputMode="decimal" value={adjustment.amount} onChange={(event) => setAdjustment({ ...adjustment, amount: event.target.value })} />}
          </Field>
          <Field label={t.dev.direction} name="direction" error={undefined}>
            {(props) => (
              <select {...props} value={adjustment.direction} onChange={(event) => setAdjustment({ ...adjustment, direction: event.target.value as 'CREDIT' | 'DEBIT' })}>
                <option value="CREDIT">{t.dev.credit}</option>
                <option value="DEBIT">{t.dev.debit}</option>
              </select>
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {t.dev.adjust}
          </button>
        </form>
        <Table caption={t.dev.events} headers={[t.dev.event, t.dev.type, t.status, t.dev.deliveries, t.dev.action]}>
          {state.events?.map((event) => (
            <tr key={event.eventId}>
              <th scope="row">{event.eventId}</th>
              <td>{event.type}</td>
              <td>{event.status}</td>
              <td>{event.deliveries.length}</td>
              <td>
                {event.status === 'HELD' ? (
                  <button type="button" className="secondary" disabled={busy} onClick={() => void act(twin<unknown>(secret, `bank/events/${event.eventId}/deliver`, {}), () => `${event.eventId} ${t.dev.delivered}`)}>
                    {t.dev.deliver}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      </section>

      <section aria-labelledby="dev-outbox">
        <h2 id="dev-outbox">{t.dev.outbox}</h2>
        {state.outbox?.length === 0 ? <p>{t.dev.noMessages}</p> : null}
        <ul className="plain-list">
          {state.outbox?.map((message) => (
            <li key={message.messageId}>
              <small>
                {dateTime(message.sentAt, language)} · {message.purpose} · {message.recipientUserId}
              </small>
              <br />
              {message.text}
            </li>
          ))}
        </ul>
      </section>

      <p>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            forgetTwinSecret();
            setSecret(undefined);
          }}
        >
          {t.dev.forgetSecret}
        </button>
      </p>
    </>
  );
}
