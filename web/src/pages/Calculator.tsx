/** The loan calculator: POST /v1/quotes, public; the schedule is the API's, to the fen. */
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { defaultTerms, LoanTermsFields, termsBody } from '../LoanTermsFields';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Schedule } from '../Schedule';

export function Calculator() {
  const { t, language } = useI18n();
  const [terms, setTerms] = useState(defaultTerms);
  const [startDate, setStartDate] = useState('');
  const [quote, setQuote] = useState<Schemas['Quote']>();
  const [problem, setProblem] = useState<Explained>();

  async function calculate(event: FormEvent) {
    event.preventDefault();
    const result = await api.POST('/v1/quotes', { body: { ...termsBody(terms), ...(startDate ? { startDate } : {}) } });
    setProblem(explainResult(result, t, language));
    setQuote(result.data);
  }

  return (
    <>
      <h1>{t.calculator}</h1>
      <form className="grid-form" onSubmit={(event) => void calculate(event)} noValidate>
        <LoanTermsFields terms={terms} onChange={setTerms} problem={problem} />
        <Field label={t.startDate} name="startDate" error={problem?.fields.startDate}>
          {(props) => <input {...props} type="date" value={startDate} onChange={(event) => setStartDate(event.target.value)} />}
        </Field>
        <button type="submit">{t.calculate}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {quote ? <Schedule quote={quote} caption={t.schedulePreview} /> : null}
    </>
  );
}
