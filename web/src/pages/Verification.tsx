/** Real-name verification (POST /v1/me/verification): a person's name, ID number, phone and bank card, checked by the provider. */
import { useState, type FormEvent } from 'react';
import { api, idempotencyKey } from '../api/client';
import { useI18n } from '../i18n';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { useSession } from '../session';
import { dateTime } from '../dates';

const fields = ['realName', 'idNumber', 'phone', 'bankCard'] as const;
type Entry = Record<(typeof fields)[number], string>;

export function Verification() {
  const { t, language } = useI18n();
  const { profile, reload } = useSession();
  const [entry, setEntry] = useState<Entry>({ realName: '', idNumber: '', phone: '', bankCard: '' });
  const [problem, setProblem] = useState<Explained>();
  const verification = profile?.verification;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await api.POST('/v1/me/verification', { params: { header: idempotencyKey() }, body: { kind: 'personal', ...entry } });
    setProblem(explainResult(result, t, language));
    if (result.data) reload();
  }

  return (
    <>
      <h1>{t.verification}</h1>
      {verification?.status === 'VERIFIED' ? (
        <div role="status" className="card">
          <p className="success">
            {t.verified} · {dateTime(verification.verifiedAt, language)}
          </p>
          <dl className="facts">
            {Object.entries(verification.masked).map(([name, value]) => (
              <div key={name}>
                <dt>{t.verificationFields[name] ?? name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : (
        <form className="grid-form" onSubmit={(event) => void submit(event)} noValidate>
          {fields.map((name) => (
            <Field key={name} label={t.verificationFields[name] ?? name} name={name} error={problem?.fields[name]}>
              {(props) => <input {...props} autoComplete="off" value={entry[name]} onChange={(event) => setEntry({ ...entry, [name]: event.target.value })} />}
            </Field>
          ))}
          <button type="submit">{t.verify}</button>
        </form>
      )}
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </>
  );
}
