/**
 * The audit trail (GET /v1/audit, auditors and admins): the hash-chained events of a
 * period with the chain's verification of what was returned (valid, how many checked,
 * the first break if any) and its head.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';
import { useLatestOnly } from '../latest';

export function Audit() {
  const { t, language } = useI18n();
  const [range, setRange] = useState({ from: '', to: '' });
  const [page, setPage] = useState<Schemas['AuditPage']>();
  const [problem, setProblem] = useState<Explained>();
  const latest = useLatestOnly();
  const load = useCallback(async (chosen: { from: string; to: string } = { from: '', to: '' }) => {
    const query = { limit: '100', ...(chosen.from ? { from: chosen.from } : {}), ...(chosen.to ? { to: chosen.to } : {}) };
    const result = await latest(api.GET('/v1/audit', { params: { query } }));
    if (!result) return;
    setProblem(explainResult(result, t, language));
    setPage(result.data);
  }, [t, language, latest]);
  useEffect(() => {
    void load();
  }, [load]);

  const verification = page?.verification;
  return (
    <>
      <h1>{t.audit.title}</h1>
      <form
        className="inline-form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          // Reads again when asked, not as the range is typed.
          void load(range);
        }}
        noValidate
      >
        <Field label={t.audit.from} name="from" error={problem?.fields.from}>
          {(props) => <input {...props} placeholder="2026-12-01" value={range.from} onChange={(event) => setRange({ ...range, from: event.target.value })} />}
        </Field>
        <Field label={t.audit.to} name="to" error={problem?.fields.to}>
          {(props) => <input {...props} placeholder="2026-12-31" value={range.to} onChange={(event) => setRange({ ...range, to: event.target.value })} />}
        </Field>
        <button type="submit">{t.filter}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {verification ? (
        <section className="card" aria-labelledby="audit-verification">
          <h2 id="audit-verification" className={verification.valid ? 'success' : 'form-error'} data-testid="audit-verified">
            {verification.valid ? t.audit.valid : t.audit.broken}
          </h2>
          <dl className="facts">
            <Fact label={t.audit.checked}>{verification.checked}</Fact>
            {page.head ? <Fact label={t.audit.head}>{`#${page.head.sequence} ${page.head.hash.slice(0, 16)}…`}</Fact> : null}
            {verification.firstBreak ? <Fact label={t.audit.firstBreak}>{`#${verification.firstBreak.sequence} ${verification.firstBreak.reason}`}</Fact> : null}
          </dl>
        </section>
      ) : null}
      {page?.items.length ? (
        <Table caption={t.audit.events} headers={[t.audit.sequence, t.account.when, t.audit.kind, t.audit.change, t.audit.who, t.audit.hash]}>
          {page.items.map((event) => (
            <tr key={event.sequence}>
              <td>{event.sequence}</td>
              <td>{dateTime(event.at, language)}</td>
              <td>{event.kind}</td>
              <td>{event.change}</td>
              <td>{event.who}</td>
              <td>
                <code>{event.hash.slice(0, 12)}…</code>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
