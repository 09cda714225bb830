/** The investor's bids (GET /v1/me/bids), newest first: FROZEN while the listing raises money, POSTED once disbursed, VOIDED if it did not fill. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { yuan } from '../money';
import { explainResult, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';

export function MyBids() {
  const { t, language } = useI18n();
  const [bids, setBids] = useState<Schemas['Bid'][]>();
  const [problem, setProblem] = useState<Explained>();
  useEffect(() => {
    void api.GET('/v1/me/bids', { params: { query: {} } }).then((result) => {
      setProblem(explainResult(result, t, language));
      setBids(result.data?.items);
    });
  }, [t, language]);
  return (
    <>
      <h1>{t.bids.title}</h1>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {bids?.length === 0 ? <p>{t.bids.none}</p> : null}
      {bids?.length ? (
        <Table caption={t.bids.title} headers={[t.loan, t.amount, t.status, t.bids.source, t.account.when]} hideCaption>
          {bids.map((bid) => (
            <tr key={bid.bidId}>
              <th scope="row">
                <Link to={`/listings/${bid.listingId}`}>{bid.listingId}</Link>
              </th>
              <td>{yuan(bid.amount)}</td>
              <td>{t.bids.statuses[bid.status] ?? bid.status}</td>
              <td>{bid.source}</td>
              <td>{dateTime(bid.createdAt, language)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
