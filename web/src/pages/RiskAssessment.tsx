/**
 * The investor's risk questionnaire (POST /v1/me/risk-assessment): six answers → a level
 * C1–C5 for a year, the loan grades it allows and the investment limit, explained.
 */
import { useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { yuan } from '../money';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { useSession } from '../session';
import { dateTime } from '../dates';

type Answers = Schemas['RiskAssessmentRequest']['answers'];
const questions: { readonly [K in keyof Answers]: readonly Answers[K][] } = {
  ageBand: ['AGE_18_TO_30', 'AGE_31_TO_45', 'AGE_46_TO_60', 'AGE_61_TO_70', 'OVER_70'],
  annualIncomeBand: ['UNDER_100K', 'FROM_100K_TO_300K', 'FROM_300K_TO_500K', 'FROM_500K_TO_1M', 'OVER_1M'],
  investmentExperience: ['NONE', 'BANK_DEPOSITS_AND_WEALTH_PRODUCTS', 'FUNDS_AND_BONDS', 'STOCKS', 'DERIVATIVES_OR_PRIVATE_LENDING'],
  lossTolerance: ['NONE', 'UP_TO_5_PERCENT', 'UP_TO_15_PERCENT', 'UP_TO_30_PERCENT', 'OVER_30_PERCENT'],
  investmentHorizon: ['UNDER_6_MONTHS', 'FROM_6_TO_12_MONTHS', 'FROM_1_TO_3_YEARS', 'OVER_3_YEARS'],
  shareOfAssets: ['UNDER_10_PERCENT', 'FROM_10_TO_30_PERCENT', 'FROM_30_TO_50_PERCENT', 'OVER_50_PERCENT'],
};
const names = Object.keys(questions) as (keyof Answers)[];

export function RiskAssessment() {
  const { t, language } = useI18n();
  const { profile, reload } = useSession();
  const [answers, setAnswers] = useState<Partial<Answers>>({});
  const [result, setResult] = useState<Schemas['RiskAssessment']>();
  const [problem, setProblem] = useState<Explained>();
  const current = profile?.riskAssessment;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answered = await api.POST('/v1/me/risk-assessment', { params: { header: idempotencyKey() }, body: { questionnaireVersion: '2026-1', answers: answers as Answers } });
    setProblem(explainResult(answered, t, language));
    setResult(answered.data);
    if (answered.data) reload();
  }

  return (
    <>
      <h1>{t.risk.title}</h1>
      <p>{t.risk.intro}</p>
      {current && !result ? (
        <p>
          {t.risk.current} <strong>{current.level}</strong> · {t.risk.expires} {dateTime(current.expiresAt, language)}
        </p>
      ) : null}
      <form className="grid-form" onSubmit={(event) => void submit(event)} noValidate>
        {names.map((name) => (
          <Field key={name} label={t.risk.questions[name] ?? name} name={name} error={problem?.fields.answers && !answers[name] ? problem.fields.answers : undefined}>
            {(props) => (
              <select {...props} value={answers[name] ?? ''} onChange={(event) => setAnswers({ ...answers, [name]: event.target.value })}>
                <option value="">{t.risk.choose}</option>
                {questions[name].map((value) => (
                  <option key={value} value={value}>
                    {t.risk.options[value] ?? value}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        <button type="submit">{t.risk.submit}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {result ? (
        <section className="card" aria-labelledby="risk-result" role="status">
          <h2 id="risk-result">
            {t.risk.yourLevel} {result.level}
          </h2>
          <p>{t.risk.levels[result.level]}</p>
          <dl className="facts">
            <Fact label={t.risk.score}>{result.score}</Fact>
            <Fact label={t.risk.allowedGrades}>{result.allowedGrades.join('、')}</Fact>
            <Fact label={t.risk.limit}>{yuan(result.investmentLimit)}</Fact>
            <Fact label={t.risk.expires}>{dateTime(result.expiresAt, language)}</Fact>
          </dl>
          <p>{t.risk.explainLimits}</p>
        </section>
      ) : null}
    </>
  );
}
