/**
 * Auto-bid plans (自动投标): the investor's plans with what each has spent (GET
 * /v1/me/auto-bid-plans) and a new one (POST), served in a fair rotation when a matching
 * listing opens.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { percent, yuan } from '../money';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';

type Grade = Schemas['AutoBidPlan']['grades'][number];
const grades: readonly Grade[] = ['A', 'B', 'C', 'D', 'E'];
const moneyFields = ['amountPerLoan', 'budget', 'reserveBalance'] as const;

export function AutoBidPlans() {
  const { t, language } = useI18n();
  const [plans, setPlans] = useState<Schemas['AutoBidPlan'][]>();
  const [form, setForm] = useState({ amountPerLoan: '', budget: '', reserveBalance: '0.00', minTermMonths: '1', maxTermMonths: '36', minRate: '', maxRate: '' });
  const [chosen, setChosen] = useState<Grade[]>(['A', 'B']);
  const [problem, setProblem] = useState<Explained>();
  const load = useCallback(async () => setPlans((await api.GET('/v1/me/auto-bid-plans')).data?.items), []);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { minRate, maxRate, minTermMonths, maxTermMonths, ...money } = form;
    const result = await api.POST('/v1/me/auto-bid-plans', {
      params: { header: idempotencyKey() },
      body: { ...money, minTermMonths: Number(minTermMonths), maxTermMonths: Number(maxTermMonths), grades: chosen, ...(minRate ? { minRate } : {}), ...(maxRate ? { maxRate } : {}) },
    });
    setProblem(explainResult(result, t, language));
    if (result.data) await load();
  }

  const input = (name: keyof typeof form, label: string) => (
    <Field key={name} label={label} name={name} error={problem?.fields[name]}>
      {(props) => <input {...props} inputMode="decimal" value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />}
    </Field>
  );

  return (
    <>
      <h1>{t.plans.title}</h1>
      <p>{t.plans.intro}</p>
      {plans?.length ? (
        <Table caption={t.plans.title} headers={[t.plans.plan, t.plans.fields.amountPerLoan, t.plans.fields.budget, t.plans.spent, t.plans.gradesLabel, t.termMonths, t.annualRate]} hideCaption>
          {plans.map((plan) => (
            <tr key={plan.planId}>
              <th scope="row">{plan.planId}</th>
              <td>{yuan(plan.amountPerLoan)}</td>
              <td>{yuan(plan.budget)}</td>
              <td>{yuan(plan.spent)}</td>
              <td>{plan.grades.join('、')}</td>
              <td>
                {plan.minTermMonths}–{plan.maxTermMonths}
              </td>
              <td>{plan.minRate || plan.maxRate ? `${plan.minRate ? percent(plan.minRate) : ''}–${plan.maxRate ? percent(plan.maxRate) : ''}` : t.any}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.plans.none}</p>
      )}
      <h2>{t.plans.create}</h2>
      <form className="grid-form" onSubmit={(event) => void submit(event)} noValidate>
        {moneyFields.map((name) => input(name, t.plans.fields[name]))}
        {input('minTermMonths', t.plans.fields.minTermMonths)}
        {input('maxTermMonths', t.plans.fields.maxTermMonths)}
        {input('minRate', t.minRate)}
        {input('maxRate', t.maxRate)}
        <fieldset>
          <legend>{t.plans.gradesLabel}</legend>
          {grades.map((grade) => (
            <label key={grade} className="check">
              <input type="checkbox" checked={chosen.includes(grade)} onChange={(event) => setChosen(event.target.checked ? [...chosen, grade] : chosen.filter((other) => other !== grade))} />
              {grade}
            </label>
          ))}
          {problem?.fields.grades ? <p className="field-error">{problem.fields.grades}</p> : null}
        </fieldset>
        <button type="submit">{t.plans.create}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </>
  );
}
