/** An investor's holdings (GET /v1/me/holdings): what each loan has paid and what is still expected. */
import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { Table } from '../Table';
import { yuan } from '../money';
import { explainResult, FormError, type Explained } from '../problem';

const columns = ['principalInvested', 'receivedPrincipal', 'receivedInterest', 'receivedNet', 'expectedInterest', 'outstandingPrincipal'] as const;

export function Holdings() {
  const { t, language } = useI18n();
  const [holdings, setHoldings] = useState<Schemas['Holding'][]>();
  const [problem, setProblem] = useState<Explained>();
  useEffect(() => {
    void api.GET('/v1/me/holdings').then((result) => {
      setProblem(explainResult(result, t, language));
      setHoldings(result.data?.items);
    });
  }, [t, language]);
  return (
    <>
      <h1>{t.holdings}</h1>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {holdings === undefined && !problem ? <p>{t.loading}</p> : null}
      {holdings?.length === 0 ? <p>{t.noHoldings}</p> : null}
      {holdings?.length ? (
        <Table caption={t.holdings} headers={[t.loan, t.status, ...columns.map((column) => t[column])]} hideCaption>
          {holdings.map((holding) => (
            <tr key={holding.loanId}>
              <th scope="row">{holding.loanId}</th>
              <td>{t.statuses[holding.status] ?? holding.status}</td>
              {columns.map((column) => (
                <td key={column}>{yuan(holding[column])}</td>
              ))}
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
