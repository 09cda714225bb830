/** The fields a quote and a loan application share: amount, term, rate and method, as the API takes them. */
import type { Schemas } from './api/client';
import { useI18n } from './i18n';
import { Field, type Explained } from './problem';

export type LoanTerms = Pick<Schemas['QuoteRequest'], 'amount' | 'annualRate' | 'method'> & { termMonths: string };

/** The terms as the API's request body: the term is a whole number of months, every amount stays a string. */
export const termsBody = (terms: LoanTerms) => ({ amount: terms.amount, annualRate: terms.annualRate, method: terms.method, termMonths: Number(terms.termMonths) });

export function LoanTermsFields({ terms, onChange, problem }: { terms: LoanTerms; onChange: (terms: LoanTerms) => void; problem: Explained | undefined }) {
  const { t } = useI18n();
  const set = (name: keyof LoanTerms) => (event: { target: { value: string } }) => onChange({ ...terms, [name]: event.target.value });
  return (
    <>
      <Field label={t.amount} name="amount" error={problem?.fields.amount}>
        {(props) => <input {...props} inputMode="decimal" autoComplete="off" value={terms.amount} onChange={set('amount')} />}
      </Field>
      <Field label={t.termMonths} name="termMonths" error={problem?.fields.termMonths}>
        {(props) => <input {...props} inputMode="numeric" value={terms.termMonths} onChange={set('termMonths')} />}
      </Field>
      <Field label={t.annualRate} name="annualRate" error={problem?.fields.annualRate}>
        {(props) => <input {...props} inputMode="decimal" value={terms.annualRate} onChange={set('annualRate')} />}
      </Field>
      <Field label={t.method} name="method" error={problem?.fields.method}>
        {(props) => (
          <select {...props} value={terms.method} onChange={set('method')}>
            <MethodOptions />
          </select>
        )}
      </Field>
    </>
  );
}

/** The repayment methods as a select's options, in the user's language. */
export function MethodOptions() {
  const { t } = useI18n();
  return Object.entries(t.methods).map(([method, name]) => (
    <option key={method} value={method}>
      {name}
    </option>
  ));
}

export const defaultTerms: LoanTerms = { amount: '10000.00', termMonths: '12', annualRate: '0.12', method: 'EQUAL_INSTALLMENT' };
