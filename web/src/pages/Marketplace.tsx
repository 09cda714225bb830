/** The marketplace: open listings with filters (kept in the address, so a filtered view can be shared) and each one's funding progress. */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { useI18n } from '../i18n';
import { yuan } from '../money';
import { Fact, ListingTermsFacts } from '../Facts';
import { MethodOptions } from '../LoanTermsFields';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { ProgressBar } from '../ProgressBar';
import { GradeTermFields } from '../GradeTermFields';
import { LoadMore } from '../LoadMore';
import { useLatestOnly } from '../latest';

type Listing = Schemas['ListingSummary'];
type Query = NonNullable<paths['/v1/listings']['get']['parameters']['query']>;
const filterNames = ['grade', 'termMonths', 'minRate', 'maxRate', 'method'] as const;

export function Marketplace() {
  const { t, language } = useI18n();
  const [search, setSearch] = useSearchParams();
  const [listings, setListings] = useState<Listing[]>();
  const [nextCursor, setNextCursor] = useState<string>();
  const [problem, setProblem] = useState<Explained>();

  const query = Object.fromEntries(filterNames.flatMap((name) => (search.get(name) ? [[name, search.get(name)]] : []))) as Query;
  const queryKey = search.toString();

  const latest = useLatestOnly();

  async function load(cursor?: string) {
    const result = await latest(api.GET('/v1/listings', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } }));
    if (!result) return;
    setProblem(explainResult(result, t, language));
    if (!result.data) return;
    setListings((shown) => [...(cursor ? (shown ?? []) : []), ...result.data.items]);
    setNextCursor(result.data.nextCursor);
  }
  useEffect(() => {
    void load();
    // Reloads when the filters in the address change.
  }, [queryKey]);

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSearch(Object.fromEntries(filterNames.flatMap((name) => (form.get(name) ? [[name, String(form.get(name))]] : []))));
  }

  return (
    <>
      <h1>{t.marketplace}</h1>
      <form className="filters" onSubmit={applyFilters} aria-label={t.filters}>
        <GradeTermFields search={search} problem={problem} />
        <Field label={t.minRate} name="minRate" error={problem?.fields.minRate}>
          {(props) => <input {...props} inputMode="decimal" placeholder="0.08" defaultValue={search.get('minRate') ?? ''} />}
        </Field>
        <Field label={t.maxRate} name="maxRate" error={problem?.fields.maxRate}>
          {(props) => <input {...props} inputMode="decimal" placeholder="0.18" defaultValue={search.get('maxRate') ?? ''} />}
        </Field>
        <Field label={t.method} name="method" error={problem?.fields.method}>
          {(props) => (
            <select {...props} defaultValue={search.get('method') ?? ''}>
              <option value="">{t.any}</option>
              <MethodOptions />
            </select>
          )}
        </Field>
        <button type="submit">{t.filter}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {listings === undefined && !problem ? <p>{t.loading}</p> : null}
      {listings?.length === 0 ? <p>{t.noListings}</p> : null}
      <ul className="listings">
        {listings?.map((listing) => (
          <li key={listing.listingId} className="card">
            <h2>
              <Link to={`/listings/${encodeURIComponent(listing.listingId)}`}>
                {listing.purpose ?? listing.listingId} · {yuan(listing.amount)}
              </Link>
            </h2>
            <dl className="facts">
              <ListingTermsFacts listing={listing} />
              <Fact label={t.remaining}>{yuan(listing.remaining)}</Fact>
            </dl>
            <ProgressBar progress={listing.progress} label={`${t.progress} ${listing.listingId}`} />
          </li>
        ))}
      </ul>
      <LoadMore cursor={nextCursor} load={load} />
    </>
  );
}
