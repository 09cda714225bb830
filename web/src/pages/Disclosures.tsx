/**
 * Monthly disclosure reports (信息披露). Public: the closed months and each one's operating
 * figures (GET /v1/public/operating-figures/{month}, aggregates only). Auditors and admins
 * also see the exports (GET /v1/disclosures, /v1/disclosures/{month}): each file with its
 * digest and integrity, downloaded with their token (the export stays theirs, docs/domain/disclosure.md).
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Schemas } from '../api/client';
import { dateTime, monthsBefore, shanghaiDate } from '../dates';
import { saveFile } from '../download';
import { FiguresTable } from '../Figures';
import { useI18n } from '../i18n';
import { explainResult, FormError, type Explained } from '../problem';
import { useSession } from '../session';
import { Table } from '../Table';

const useOversight = () => {
  const { profile } = useSession();
  return Boolean(profile?.roles.some((role) => role === 'auditor' || role === 'admin'));
};

export function Disclosures() {
  const { t, language } = useI18n();
  const oversight = useOversight();
  const [months, setMonths] = useState<string[]>();
  const [exports, setExports] = useState<Schemas['DisclosureList']['disclosures']>();
  useEffect(() => {
    // The platform's clock, not the browser's, says which months are closed (the twin's can be moved).
    void api.GET('/v1/stats').then(({ data }) => data && setMonths(monthsBefore(shanghaiDate(data.asOf).slice(0, 7), 12)));
  }, []);
  useEffect(() => {
    if (oversight) void api.GET('/v1/disclosures').then(({ data }) => setExports(data?.disclosures));
  }, [oversight]);
  return (
    <>
      <h1>{t.disclosures.title}</h1>
      <p>{t.disclosures.intro}</p>
      <h2>{t.disclosures.months}</h2>
      {months ? (
        <ul className="plain-list">
          {months.map((month) => (
            <li key={month}>
              <Link to={`/disclosures/${month}`}>{month}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.loading}</p>
      )}
      {exports ? (
        <Table caption={t.disclosures.exports} headers={[t.stats.month, t.disclosures.exportedAt, t.disclosures.manifest]}>
          {exports.map((entry) => (
            <tr key={entry.month}>
              <td>
                <Link to={`/disclosures/${entry.month}`}>{entry.month}</Link>
              </td>
              <td>{dateTime(entry.indexedAt, language)}</td>
              <td>
                <code>{entry.manifestSha256.slice(0, 16)}…</code>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}

export function DisclosureMonth() {
  const { month = '' } = useParams();
  const { t, language } = useI18n();
  const oversight = useOversight();
  const [figures, setFigures] = useState<Schemas['OperatingFigures']>();
  const [problem, setProblem] = useState<Explained>();
  const [detail, setDetail] = useState<Schemas['DisclosureDetail']>();
  useEffect(() => {
    void api.GET('/v1/public/operating-figures/{month}', { params: { path: { month } } }).then((result) => {
      setProblem(explainResult(result, t, language));
      setFigures(result.data);
    });
    // Reads again for another month.
  }, [month]);
  useEffect(() => {
    // A month not exported is a 404 here: the public figures above still show.
    if (oversight) void api.GET('/v1/disclosures/{month}', { params: { path: { month } } }).then(({ data }) => setDetail(data));
  }, [oversight, month]);

  async function download(name: Schemas['DisclosureDetail']['files'][number]['name']) {
    const result = await api.GET('/v1/disclosures/{month}/files/{name}', { params: { path: { month, name } }, parseAs: 'blob' });
    if (result.data) saveFile(result.data as Blob, `disclosure-${month}-${name}`);
  }

  return (
    <>
      <h1>
        {t.disclosures.monthTitle}
        {month}
      </h1>
      <p>
        <Link to="/disclosures">{t.disclosures.back}</Link>
      </p>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {!figures && !problem ? <p>{t.loading}</p> : null}
      {figures ? (
        <>
          <p>
            {t.disclosures.stocksBasis}
            {t.disclosures.basis[figures.stocksBasis] ?? figures.stocksBasis}
          </p>
          <FiguresTable caption={t.disclosures.figuresCaption} figures={figures.entries} />
        </>
      ) : null}
      {detail ? (
        <section aria-labelledby="files">
          <h2 id="files">{t.disclosures.files}</h2>
          <p className={detail.intact ? 'success' : 'form-error'}>{detail.intact ? t.disclosures.allIntact : t.disclosures.someAltered}</p>
          <Table caption={t.disclosures.files} hideCaption headers={[t.disclosures.file, t.disclosures.bytes, 'SHA-256', t.status, t.disclosures.download]}>
            {detail.files.map((file) => (
              <tr key={file.name}>
                <td>{file.name}</td>
                <td>{file.bytes}</td>
                <td>
                  <code>{file.sha256.slice(0, 16)}…</code>
                </td>
                <td>{file.intact ? t.disclosures.intact : t.disclosures.altered}</td>
                <td>
                  <button type="button" className="secondary" aria-label={`${t.disclosures.download} ${file.name}`} onClick={() => void download(file.name)}>
                    {t.disclosures.download}
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}
    </>
  );
}
