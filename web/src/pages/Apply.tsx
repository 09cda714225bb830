/** A borrower's loan application (POST /v1/loan-applications) with a live quote of the terms as they are typed. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { ContractConsent } from '../ContractConsent';
import { useI18n } from '../i18n';
import { defaultTerms, LoanTermsFields, termsBody } from '../LoanTermsFields';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Schedule } from '../Schedule';

type Kind = Schemas['LoanApplicationRequest']['kind'];
type PurposeCategory = Schemas['LoanApplicationRequest']['purposeCategory'];
/** The categories a borrower may choose; the API refuses the prohibited ones (securities, down payments, …) with a reason. */
const permittedPurposes: readonly PurposeCategory[] = ['CONSUMPTION', 'HOME_RENOVATION', 'EDUCATION', 'MEDICAL', 'VEHICLE_PURCHASE', 'WORKING_CAPITAL', 'BUSINESS_EQUIPMENT', 'AGRICULTURE'];

export function Apply() {
  const { t, language } = useI18n();
  const [terms, setTerms] = useState(defaultTerms);
  const [purposeCategory, setPurposeCategory] = useState<PurposeCategory>('CONSUMPTION');
  const [purpose, setPurpose] = useState('');
  const [monthlyIncome, setMonthlyIncome] = useState('');
  const [kind, setKind] = useState<Kind>('personal');
  const [quote, setQuote] = useState<Schemas['Quote']>();
  const [problem, setProblem] = useState<Explained>();
  const [applied, setApplied] = useState<Schemas['LoanApplicationAccepted']>();

  // The live quote: each change of the terms asks the API again; an answer for older terms is dropped.
  useEffect(() => {
    let current = true;
    void api.POST('/v1/quotes', { body: termsBody(terms) }).then((result) => current && setQuote(result.data));
    return () => {
      current = false;
    };
  }, [terms]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await api.POST('/v1/loan-applications', { params: { header: idempotencyKey() }, body: { ...termsBody(terms), purposeCategory, purpose, monthlyIncome, kind } });
    setProblem(explainResult(result, t, language));
    setApplied(result.data);
  }

  return (
    <>
      <h1>{t.apply}</h1>
      <form className="grid-form" onSubmit={(event) => void submit(event)} noValidate>
        <LoanTermsFields terms={terms} onChange={setTerms} problem={problem} />
        <Field label={t.purposeCategory} name="purposeCategory" error={problem?.fields.purposeCategory}>
          {(props) => (
            <select {...props} value={purposeCategory} onChange={(event) => setPurposeCategory(event.target.value as PurposeCategory)}>
              {permittedPurposes.map((category) => (
                <option key={category} value={category}>
                  {t.purposeCategories[category]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.purpose} name="purpose" error={problem?.fields.purpose}>
          {(props) => <input {...props} value={purpose} onChange={(event) => setPurpose(event.target.value)} />}
        </Field>
        <Field label={t.monthlyIncome} name="monthlyIncome" error={problem?.fields.monthlyIncome}>
          {(props) => <input {...props} inputMode="decimal" value={monthlyIncome} onChange={(event) => setMonthlyIncome(event.target.value)} />}
        </Field>
        <Field label={t.kind} name="kind" error={problem?.fields.kind}>
          {(props) => (
            <select {...props} value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
              <option value="personal">{t.kindPersonal}</option>
              <option value="enterprise">{t.kindEnterprise}</option>
            </select>
          )}
        </Field>
        <button type="submit">{t.submitApplication}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {applied ? (
        <p role="status" className="success">
          {t.applied} {applied.loanId}
        </p>
      ) : null}
      {applied ? <ContractConsent loanId={applied.loanId} /> : null}
      {quote ? <Schedule quote={quote} caption={t.liveQuote} /> : null}
    </>
  );
}
