/**
 * The reviewers' queue (GET /v1/reviews), longest-waiting first: each application with the
 * automated screening (the scorecard's points per feature, the suggested grade, the rules'
 * reason codes) and the decision (POST /v1/reviews/{loanId}/decision): approve with a grade,
 * or reject with reason codes (codes, never free text: no personal data lands in the record).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { percent, yuan } from '../money';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';

type Item = Schemas['ReviewItem'];
type Grade = Extract<Schemas['ReviewDecisionRequest'], { decision: 'APPROVED' }>['grade'];
const grades: readonly Grade[] = ['A', 'B', 'C', 'D', 'E'];

function Review({ item, onDecided }: { item: Item; onDecided: () => Promise<void> }) {
  const { t, language } = useI18n();
  const [grade, setGrade] = useState<Grade>(item.screening?.grade ?? 'C');
  const [reasons, setReasons] = useState<string[]>([]);
  const [extra, setExtra] = useState('');
  const [problem, setProblem] = useState<Explained>();
  const screening = item.screening;

  async function decide(body: Schemas['ReviewDecisionRequest']) {
    const result = await api.POST('/v1/reviews/{loanId}/decision', { params: { path: { loanId: item.loanId }, header: idempotencyKey() }, body });
    setProblem(explainResult(result, t, language));
    if (result.data) await onDecided();
  }

  return (
    <li className="card">
      <h2>
        {item.loanId} · {yuan(item.amount)}
      </h2>
      <dl className="facts">
        <Fact label={t.termMonths}>{item.termMonths}</Fact>
        <Fact label={t.annualRate}>{item.annualRate ? percent(item.annualRate) : '—'}</Fact>
        <Fact label={t.purposeCategory}>{item.purposeCategory ? (t.purposeCategories[item.purposeCategory] ?? item.purposeCategory) : '—'}</Fact>
        <Fact label={t.monthlyIncome}>{item.monthlyIncome ? yuan(item.monthlyIncome) : '—'}</Fact>
        <Fact label={t.review.appliedAt}>{dateTime(item.appliedAt, language)}</Fact>
        {screening ? <Fact label={t.review.score}>{screening.score}</Fact> : null}
        {screening ? <Fact label={t.review.suggestedGrade}>{screening.grade}</Fact> : null}
      </dl>
      {screening?.reasons.length ? (
        <p>
          {t.review.reasonCodes} <code>{screening.reasons.join(', ')}</code>
        </p>
      ) : null}
      {screening ? (
        <Table caption={`${t.review.scorecard} (${screening.scorecardVersion})`} headers={[t.review.feature, t.review.bin, t.review.points]}>
          {screening.contributions.map((contribution) => (
            <tr key={contribution.feature}>
              <th scope="row">{contribution.feature}</th>
              <td>{contribution.bin}</td>
              <td>{contribution.points}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      <div className="inline-form">
        <Field label={t.grade} name="grade" error={problem?.fields.grade}>
          {(props) => (
            <select {...props} value={grade} onChange={(event) => setGrade(event.target.value as Grade)}>
              {grades.map((choice) => (
                <option key={choice}>{choice}</option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={() => void decide({ decision: 'APPROVED', grade })}>
          {t.review.approve}
        </button>
      </div>
      <fieldset>
        <legend>{t.review.rejectWith}</legend>
        {screening?.reasons.map((code) => (
          <label key={code} className="check">
            <input type="checkbox" checked={reasons.includes(code)} onChange={(event) => setReasons(event.target.checked ? [...reasons, code] : reasons.filter((other) => other !== code))} />
            <code>{code}</code>
          </label>
        ))}
        <Field label={t.review.otherCode} name="reasons" error={problem?.fields.reasons}>
          {(props) => <input {...props} value={extra} placeholder="INCOME_NOT_VERIFIABLE" onChange={(event) => setExtra(event.target.value)} />}
        </Field>
        <button type="button" className="secondary" onClick={() => void decide({ decision: 'REJECTED', reasons: [...reasons, ...(extra ? [extra] : [])] })}>
          {t.review.reject}
        </button>
      </fieldset>
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </li>
  );
}

export function Reviews() {
  const { t, language } = useI18n();
  const [items, setItems] = useState<Item[]>();
  const [problem, setProblem] = useState<Explained>();
  const load = useCallback(async () => {
    const result = await api.GET('/v1/reviews', { params: { query: { limit: '50' } } });
    setProblem(explainResult(result, t, language));
    setItems(result.data?.items);
  }, [t, language]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <h1>{t.review.title}</h1>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {items?.length === 0 ? <p>{t.review.empty}</p> : null}
      <ul className="listings">
        {items?.map((item) => (
          <Review key={item.loanId} item={item} onDecided={load} />
        ))}
      </ul>
    </>
  );
}
