/** A borrower's loans (GET /v1/me/loans), newest first, each leading to its page. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { Table } from '../Table';
import { percent, yuan } from '../money';
import { explainResult, FormError, type Explained } from '../problem';

export function MyLoans() {
  const { t, language } = useI18n();
  const [loans, setLoans] = useState<Schemas['LoanPage']['items']>();
  const [problem, setProblem] = useState<Explained>();
  useEffect(() => {
    void api.GET('/v1/me/loans').then((result) => {
      setProblem(explainResult(result, t, language));
      setLoans(result.data?.items);
    });
  }, [t, language]);
  return (
    <>
      <h1>{t.myLoans}</h1>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {loans === undefined && !problem ? <p>{t.loading}</p> : null}
      {loans?.length === 0 ? <p>{t.noLoans}</p> : null}
      {loans?.length ? (
        <Table caption={t.myLoans} headers={[t.loan, t.status, t.amount, t.termMonths, t.annualRate, t.funded]} hideCaption>
          {loans.map((loan) => (
            <tr key={loan.loanId}>
              <th scope="row">
                <Link to={`/loans/${loan.loanId}`}>{loan.loanId}</Link>
              </th>
              <td>{t.statuses[loan.status] ?? loan.status}</td>
              <td>{yuan(loan.amount)}</td>
              <td>{loan.termMonths}</td>
              <td>{loan.annualRate ? percent(loan.annualRate) : '—'}</td>
              <td>{yuan(loan.funded)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
