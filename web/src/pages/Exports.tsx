/**
 * Exports for auditors and regulators (auditors and admins): each month's disclosure export
 * (GET /v1/disclosures) with its manifest's SHA-256 and every file's SHA-256 and size from the
 * manifest, each file downloadable (GET /v1/disclosures/{month}/files/{name}) and the stored
 * files checked against the manifest on demand (GET /v1/disclosures/{month}); a closed
 * month's export generated now (POST /v1/disclosures/{month}, admins); and the compliance
 * self-check of a month (GET /v1/compliance).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { saveFile } from '../download';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';

type Export = Schemas['DisclosureList']['disclosures'][number];
type FileName = Schemas['DisclosureDetail']['files'][number]['name'];

function MonthExport({ entry }: { entry: Export }) {
  const { t, language } = useI18n();
  const [detail, setDetail] = useState<Schemas['DisclosureDetail']>();
  const [problem, setProblem] = useState<Explained>();
  const intactOf = (name: string) => detail?.files.find((file) => file.name === name)?.intact;

  async function verify() {
    const result = await api.GET('/v1/disclosures/{month}', { params: { path: { month: entry.month } } });
    setProblem(explainResult(result, t, language));
    setDetail(result.data);
  }
  async function download(name: string) {
    const result = await api.GET('/v1/disclosures/{month}/files/{name}', { params: { path: { month: entry.month, name: name as FileName } }, parseAs: 'blob' });
    setProblem(explainResult(result, t, language));
    if (result.data) saveFile(result.data as Blob, `${entry.month}-${name}`);
  }

  return (
    <section className="card" aria-labelledby={`export-${entry.month}`}>
      <h2 id={`export-${entry.month}`}>{t.staff.exportOf(entry.month)}</h2>
      <dl className="facts">
        <Fact label={t.staff.asOf}>{entry.manifest.asOf}</Fact>
        <Fact label={t.staff.indexedAt}>{dateTime(entry.indexedAt, language)}</Fact>
        <Fact label={t.staff.manifestSha256}>
          <code className="hash">{entry.manifestSha256}</code>
        </Fact>
        {detail ? (
          <Fact label={t.staff.integrity}>
            <span className={detail.intact ? 'success' : 'form-error'} data-testid={`intact-${entry.month}`}>
              {detail.intact ? t.staff.intact : t.staff.notIntact}
            </span>
          </Fact>
        ) : null}
      </dl>
      <Table caption={t.staff.filesOf(entry.month)} headers={[t.staff.fileName, t.staff.bytes, 'SHA-256', ...(detail ? [t.staff.integrity] : []), t.staff.action]}>
        {entry.manifest.files.map((file) => (
          <tr key={file.name}>
            <th scope="row">{file.name}</th>
            <td>{file.bytes}</td>
            <td>
              <code className="hash">{file.sha256}</code>
            </td>
            {detail ? <td>{intactOf(file.name) ? t.staff.intact : t.staff.notIntact}</td> : null}
            <td>
              <button type="button" className="secondary" aria-label={t.staff.downloadFile(file.name)} onClick={() => void download(file.name)}>
                {t.staff.download}
              </button>
            </td>
          </tr>
        ))}
      </Table>
      <button type="button" onClick={() => void verify()}>
        {t.staff.verifyFiles}
      </button>
      <button type="button" className="secondary" onClick={() => void download('manifest.json')}>
        {t.staff.downloadManifest}
      </button>
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </section>
  );
}

function Generate({ onGenerated }: { onGenerated: () => Promise<void> }) {
  const { t, language } = useI18n();
  const [month, setMonth] = useState('');
  const [problem, setProblem] = useState<Explained>();
  const [outcome, setOutcome] = useState<Schemas['DisclosureGenerated']>();

  async function generate(event: FormEvent) {
    event.preventDefault();
    setOutcome(undefined);
    const result = await api.POST('/v1/disclosures/{month}', { params: { path: { month }, header: idempotencyKey() } });
    setProblem(explainResult(result, t, language));
    if (result.data) {
      setOutcome(result.data);
      await onGenerated();
    }
  }

  return (
    <section className="card" aria-labelledby="generate-export">
      <h2 id="generate-export">{t.staff.generate}</h2>
      <form className="inline-form" onSubmit={(event) => void generate(event)} noValidate>
        <Field label={t.staff.month} name="month" error={problem?.fields.month}>
          {(props) => <input {...props} placeholder="2026-11" value={month} onChange={(event) => setMonth(event.target.value)} />}
        </Field>
        <button type="submit">{t.staff.generateSubmit}</button>
      </form>
      {outcome ? (
        <p className="success" role="status">
          {outcome.outcome === 'created' ? t.staff.generated(outcome.month) : t.staff.alreadyGenerated(outcome.month)}
        </p>
      ) : null}
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </section>
  );
}

function Compliance() {
  const { t, language } = useI18n();
  const [month, setMonth] = useState('');
  const [check, setCheck] = useState<Schemas['ComplianceSelfCheck']>();
  const [problem, setProblem] = useState<Explained>();

  async function read(event: FormEvent) {
    event.preventDefault();
    const result = await api.GET('/v1/compliance', { params: { query: { month } } });
    setProblem(explainResult(result, t, language));
    setCheck(result.data);
  }

  return (
    <section aria-labelledby="compliance">
      <h2 id="compliance">{t.staff.compliance}</h2>
      <form className="inline-form" onSubmit={(event) => void read(event)} noValidate>
        <Field label={t.staff.month} name="month" error={problem?.fields.month}>
          {(props) => <input {...props} placeholder="2026-11" value={month} onChange={(event) => setMonth(event.target.value)} />}
        </Field>
        <button type="submit">{t.staff.runCheck}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {check ? (
        <>
          <p data-testid="compliance-summary">{t.staff.complianceSummary(check.month, check.summary.met, check.summary.breached, check.summary.notApplicable)}</p>
          <Table caption={t.staff.complianceRules(check.month)} headers={[t.staff.rule, t.staff.ruleStatus, t.staff.evidence, t.staff.source]}>
            {check.rules.map((rule) => (
              <tr key={rule.id}>
                <th scope="row" className="wrap">
                  {rule.title} <code>{rule.id}</code>
                </th>
                <td className={rule.status === 'BREACHED' ? 'form-error wrap' : 'wrap'}>
                  {t.staff.ruleStatuses[rule.status]}
                  {rule.offendingIds.length ? ` (${rule.offendingIds.join(', ')})` : ''}
                </td>
                <td className="wrap">{rule.evidence}</td>
                <td className="wrap">{rule.source}</td>
              </tr>
            ))}
          </Table>
        </>
      ) : null}
    </section>
  );
}

export function Exports() {
  const { t, language } = useI18n();
  const { profile } = useSession();
  const [exports, setExports] = useState<Export[]>();
  const [problem, setProblem] = useState<Explained>();
  const load = useCallback(async () => {
    const result = await api.GET('/v1/disclosures');
    setProblem(explainResult(result, t, language));
    setExports(result.data?.disclosures);
  }, [t, language]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <h1>{t.staff.exportsTitle}</h1>
      <p>{t.staff.exportsIntro}</p>
      {profile?.roles.includes('admin') ? <Generate onGenerated={load} /> : null}
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {exports?.length === 0 ? <p>{t.staff.noExports}</p> : null}
      {exports?.map((entry) => (
        <MonthExport key={entry.month} entry={entry} />
      ))}
      <Compliance />
    </>
  );
}
