/**
 * The daily reconciliation report of a business date (GET /v1/reconciliations/{businessDate},
 * auditors and admins): the ledger against the bank's statement, BALANCED or each difference.
 */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';

export function Reconciliation() {
  const { t, language } = useI18n();
  const [businessDate, setBusinessDate] = useState('');
  const [report, setReport] = useState<Schemas['ReconciliationReport']>();
  const [problem, setProblem] = useState<Explained>();

  async function read(event: FormEvent) {
    event.preventDefault();
    const result = await api.GET('/v1/reconciliations/{businessDate}', { params: { path: { businessDate } } });
    setProblem(explainResult(result, t, language));
    setReport(result.data);
  }

  return (
    <>
      <h1>{t.staff.reconciliationTitle}</h1>
      <form className="inline-form" onSubmit={(event) => void read(event)} noValidate>
        <Field label={t.staff.businessDate} name="businessDate" error={problem?.fields.businessDate}>
          {(props) => <input {...props} type="date" required value={businessDate} onChange={(event) => setBusinessDate(event.target.value)} />}
        </Field>
        <button type="submit">{t.staff.showReport}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {report ? (
        <section className="card" aria-labelledby="reconciliation-report">
          <h2 id="reconciliation-report" className={report.status === 'BALANCED' ? 'success' : 'form-error'} data-testid="reconciliation-status">
            {report.businessDate} · {report.status === 'BALANCED' ? t.staff.balanced : t.staff.differences(report.differenceCount)}
          </h2>
          <dl className="facts">
            <Fact label={t.staff.generatedAt}>{dateTime(report.generatedAt, language)}</Fact>
            <Fact label={t.staff.accountsChecked}>{report.accountsChecked}</Fact>
            <Fact label={t.staff.bankMovements}>{report.bankMovements}</Fact>
            <Fact label={t.staff.platformMovements}>{report.platformMovements}</Fact>
          </dl>
          {report.differences.length ? (
            <Table caption={t.staff.differenceList} headers={[t.staff.differenceKind, t.staff.subAccount, t.staff.detail]}>
              {report.differences.map((difference, index) => {
                const { kind, subAccountId, ...rest } = difference;
                return (
                  <tr key={index}>
                    <td>{kind}</td>
                    <td>{subAccountId}</td>
                    <td>{JSON.stringify(rest)}</td>
                  </tr>
                );
              })}
            </Table>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
