/** Label–value pairs in a description list, and the terms every listing shows: grade, rate, term. */
import type { ReactNode } from 'react';
import type { Schemas } from './api/client';
import { useI18n } from './i18n';
import { percent } from './money';

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ListingTermsFacts({ listing }: { listing: Schemas['ListingSummary'] }) {
  const { t } = useI18n();
  return (
    <>
      <Fact label={t.grade}>
        <span className={`grade grade-${listing.grade}`}>{listing.grade}</span>
      </Fact>
      <Fact label={t.annualRate}>{listing.annualRate ? percent(listing.annualRate) : '—'}</Fact>
      <Fact label={t.termMonths}>{listing.termMonths}</Fact>
    </>
  );
}
