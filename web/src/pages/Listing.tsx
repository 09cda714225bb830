/** One listing (public): terms, grade, the borrower's masked disclosure, a schedule preview, time left, and the bid form (a visitor is asked to sign in to bid). */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { yuan } from '../money';
import { Fact, ListingTermsFacts } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { ProgressBar } from '../ProgressBar';
import { Schedule } from '../Schedule';
import { useSession } from '../session';
import { useLatestOnly } from '../latest';

export function ListingPage() {
  const { listingId = '' } = useParams();
  const { t, language } = useI18n();
  const { token } = useSession();
  const location = useLocation();
  const [listing, setListing] = useState<Schemas['Listing']>();
  const [quote, setQuote] = useState<Schemas['Quote']>();
  const [problem, setProblem] = useState<Explained>();
  const [amount, setAmount] = useState('');
  const [bidProblem, setBidProblem] = useState<Explained>();
  const [placed, setPlaced] = useState<Schemas['Bid']>();

  const latest = useLatestOnly();

  async function load() {
    const result = await latest(api.GET('/v1/listings/{listingId}', { params: { path: { listingId } } }));
    if (!result) return;
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
        <Fact label={t.status}>{t.statuses[listing.status] ?? listing.status}</Fact>
        <ListingTermsFacts listing={listing} />
        <Fact label={t.method}>{listing.method ? t.methods[listing.method] : '—'}</Fact>
        <Fact label={t.funded}>{yuan(listing.funded)}</Fact>
        <Fact label={t.remaining}>{yuan(listing.remaining)}</Fact>
        <Fact label={t.bidCount}>{listing.bidCount}</Fact>
        <Fact label={t.investorCount}>{listing.investorCount}</Fact>
        <Fact label={t.deadline}>
          <time dateTime={listing.deadline}>{new Date(listing.deadline).toLocaleString(language, { timeZone: 'Asia/Shanghai' })}</time>
        </Fact>
      </dl>
      <ProgressBar progress={listing.progress} label={t.progress} />

      <section aria-labelledby="disclosure">
        <h2 id="disclosure">{t.borrowerDisclosure}</h2>
        <dl className="facts">
          <Fact label={t.borrowerKind}>{listing.borrower.kind === 'enterprise' ? t.kindEnterprise : listing.borrower.kind === 'personal' ? t.kindPersonal : '—'}</Fact>
          <Fact label={t.borrowerName}>{listing.borrower.name ?? '—'}</Fact>
          <Fact label={t.borrowerIdentity}>{listing.borrower.identity ?? '—'}</Fact>
          <Fact label={t.status}>{listing.borrower.verified ? t.verified : t.notVerified}</Fact>
        </dl>
      </section>

      {open ? (
        <section aria-labelledby="bid">
          <h2 id="bid">{t.bid}</h2>
          {token ? (
            <>
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
            </>
          ) : (
            // The listing is public; a bid is an investor's, so a visitor signs in first and comes back here.
            <p>
              <Link to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>{t.signInToBid}</Link>
            </p>
          )}
        </section>
      ) : null}
      {/* Outside the bid form: the bid that fills the listing closes it, and its investor must still see it taken. */}
      {placed ? (
        <p role="status" className="success">
          {t.bidPlaced} {yuan(placed.amount)}
        </p>
      ) : null}

      {quote ? <Schedule quote={quote} caption={t.schedulePreview} /> : null}
    </>
  );
}
