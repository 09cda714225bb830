/**
 * The investor's portfolio (GET /v1/me/portfolio): totals, by grade, the net annual return,
 * concentration warnings; and statements of a past month or year (GET /v1/me/statements/{period})
 * as CSV or PDF downloads.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { yuan } from '../money';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { saveFile } from '../download';

const totals = ['invested', 'outstandingPrincipal', 'receivedPrincipal', 'receivedInterest', 'receivedPenalty', 'feesPaid', 'compensation', 'writtenOff'] as const;

export function Portfolio() {
  const { t, language } = useI18n();
  const [portfolio, setPortfolio] = useState<Schemas['Portfolio']>();
  const [problem, setProblem] = useState<Explained>();
  const [period, setPeriod] = useState('');
  const [format, setFormat] = useState<'csv' | 'pdf'>('csv');
  const [statementProblem, setStatementProblem] = useState<Explained>();
  useEffect(() => {
    void api.GET('/v1/me/portfolio').then((result) => {
      setProblem(explainResult(result, t, language));
      setPortfolio(result.data);
    });
  }, [t, language]);

  async function download(event: FormEvent) {
    event.preventDefault();
    const result = await api.GET('/v1/me/statements/{period}', { params: { path: { period }, query: { format } }, parseAs: 'blob' });
    // A refusal is still a problem document (openapi-fetch reads errors as JSON whatever parseAs says).
    setStatementProblem(explainResult(result, t, language));
    if (result.data) saveFile(result.data as Blob, `statement-${period}.${format}`);
  }

  return (
    <>
      <h1>{t.portfolio.title}</h1>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {portfolio ? (
        <>
          <dl className="facts">
            <Fact label={t.portfolio.loans}>{portfolio.total.loans}</Fact>
            {totals.map((name) => (
              <Fact key={name} label={t.portfolio.columns[name] ?? name}>
                {yuan(portfolio.total[name])}
              </Fact>
            ))}
            <Fact label={t.portfolio.netReturn}>{portfolio.netAnnualReturnPercent === null ? '—' : `${portfolio.netAnnualReturnPercent}%`}</Fact>
          </dl>
          {portfolio.byGrade.length ? (
            <Table caption={t.portfolio.byGrade} headers={[t.grade, t.portfolio.loans, ...totals.map((name) => t.portfolio.columns[name] ?? name)]}>
              {portfolio.byGrade.map((row) => (
                <tr key={row.grade}>
                  <th scope="row">{row.grade}</th>
                  <td>{row.loans}</td>
                  {totals.map((name) => (
                    <td key={name}>{yuan(row[name])}</td>
                  ))}
                </tr>
              ))}
            </Table>
          ) : null}
        </>
      ) : null}
      <h2>{t.portfolio.statements}</h2>
      <form className="inline-form" onSubmit={(event) => void download(event)} noValidate>
        <Field label={t.portfolio.period} name="period" error={statementProblem?.fields.period}>
          {(props) => <input {...props} placeholder="2026-11" value={period} onChange={(event) => setPeriod(event.target.value)} />}
        </Field>
        <Field label={t.portfolio.format} name="format" error={statementProblem?.fields.format}>
          {(props) => (
            <select {...props} value={format} onChange={(event) => setFormat(event.target.value as 'csv' | 'pdf')}>
              <option value="csv">CSV</option>
              <option value="pdf">PDF</option>
            </select>
          )}
        </Field>
        <button type="submit">{t.portfolio.download}</button>
      </form>
      <FormError explained={statementProblem} requestIdLabel={t.requestId} />
    </>
  );
}
