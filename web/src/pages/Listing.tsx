/** One listing: terms, grade, the borrower's masked disclosure, a schedule preview, time left, and the bid form. */
import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { percent, yuan } from '../money';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { ProgressBar } from '../ProgressBar';
import { Schedule } from '../Schedule';

export function ListingPage() {
  const { listingId = '' } = useParams();
  const { t, language } = useI18n();
  const [listing, setListing] = useState<Schemas['Listing']>();
  const [quote, setQuote] = useState<Schemas['Quote']>();
  const [problem, setProblem] = useState<Explained>();
  const [amount, setAmount] = useState('');
  const [bidProblem, setBidProblem] = useState<Explained>();
  const [placed, setPlaced] = useState<Schemas['Bid']>();

  async function load() {
    const result = await api.GET('/v1/listings/{listingId}', { params: { path: { listingId } } });
    setProblem(explainResult(result, t, language));
    const found = result.data;
    setListing(found);
    if (found?.annualRate && found.method) {
      const preview = await api.POST('/v1/quotes', { body: { amount: found.amount, termMonths: found.termMonths, annualRate: found.annualRate, method: found.method } });
      setQuote(preview.data);
    }
  }
  useEffect(() => {
    void load();
    // Reloads for another listing.
  }, [listingId]);

  async function bid(event: FormEvent) {
    event.preventDefault();
    setPlaced(undefined);
    const result = await api.POST('/v1/listings/{listingId}/bids', { params: { path: { listingId }, header: idempotencyKey() }, body: { amount } });
    setBidProblem(explainResult(result, t, language));
    if (result.data) {
      setPlaced(result.data);
      await load();
    }
  }

  if (problem) return <FormError explained={problem} requestIdLabel={t.requestId} />;
  if (!listing) return <p>{t.loading}</p>;
  const open = listing.status === 'LISTED';
  return (
    <>
      <h1>
        {listing.purpose ?? listing.listingId} · {yuan(listing.amount)}
      </h1>
      <dl className="facts">
        <div>
          <dt>{t.status}</dt>
          <dd>{t.statuses[listing.status] ?? listing.status}</dd>
        </div>
        <div>
          <dt>{t.grade}</dt>
          <dd>
            <span className={`grade grade-${listing.grade}`}>{listing.grade}</span>
          </dd>
        </div>
        <div>
          <dt>{t.annualRate}</dt>
          <dd>{listing.annualRate ? percent(listing.annualRate) : '—'}</dd>
        </div>
        <div>
          <dt>{t.termMonths}</dt>
          <dd>{listing.termMonths}</dd>
        </div>
        <div>
          <dt>{t.method}</dt>
          <dd>{listing.method ? t.methods[listing.method] : '—'}</dd>
        </div>
        <div>
          <dt>{t.funded}</dt>
          <dd>{yuan(listing.funded)}</dd>
        </div>
        <div>
          <dt>{t.remaining}</dt>
          <dd>{yuan(listing.remaining)}</dd>
        </div>
        <div>
          <dt>{t.bidCount}</dt>
          <dd>{listing.bidCount}</dd>
        </div>
        <div>
          <dt>{t.investorCount}</dt>
          <dd>{listing.investorCount}</dd>
        </div>
        <div>
          <dt>{t.deadline}</dt>
          <dd>
            <time dateTime={listing.deadline}>{new Date(listing.deadline).toLocaleString(language, { timeZone: 'Asia/Shanghai' })}</time>
          </dd>
        </div>
      </dl>
      <ProgressBar progress={listing.progress} label={t.progress} />

      <section aria-labelledby="disclosure">
        <h2 id="disclosure">{t.borrowerDisclosure}</h2>
        <dl className="facts">
          <div>
            <dt>{t.borrowerKind}</dt>
            <dd>{listing.borrower.kind === 'enterprise' ? t.kindEnterprise : listing.borrower.kind === 'personal' ? t.kindPersonal : '—'}</dd>
          </div>
          <div>
            <dt>{t.borrowerName}</dt>
            <dd>{listing.borrower.name ?? '—'}</dd>
          </div>
          <div>
            <dt>{t.borrowerIdentity}</dt>
            <dd>{listing.borrower.identity ?? '—'}</dd>
          </div>
          <div>
            <dt>{t.status}</dt>
            <dd>{listing.borrower.verified ? t.verified : t.notVerified}</dd>
          </div>
        </dl>
      </section>

      {open ? (
        <section aria-labelledby="bid">
          <h2 id="bid">{t.bid}</h2>
          <form className="inline-form" onSubmit={(event) => void bid(event)} noValidate>
            <Field label={t.bidAmount} name="amount" error={bidProblem?.fields.amount}>
              {(props) => <input {...props} inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} />}
            </Field>
            <button type="button" className="secondary" onClick={() => setAmount(listing.remaining)}>
              {t.bidRemaining}
            </button>
            <button type="submit">{t.bid}</button>
          </form>
          <FormError explained={bidProblem} requestIdLabel={t.requestId} />
          {placed ? (
            <p role="status" className="success">
              {t.bidPlaced} {yuan(placed.amount)}
            </p>
          ) : null}
        </section>
      ) : null}

      {quote ? <Schedule quote={quote} caption={t.schedulePreview} /> : null}
    </>
  );
}
