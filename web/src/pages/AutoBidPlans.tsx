/**
 * Auto-bid plans (自动投标): the investor's plans with their status and what each has spent
 * (GET /v1/me/auto-bid-plans), a new one (POST), and for each an edit (PUT, from the version
 * shown: a plan changed meanwhile is the API's 409), pause, resume and delete (after a
 * confirmation). Plans are served in a fair rotation when a matching listing opens.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { percent, yuan } from '../money';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { useLatestOnly } from '../latest';

type Plan = Schemas['AutoBidPlan'];
type PlanTerms = Schemas['AutoBidPlanRequest'];
type Grade = Plan['grades'][number];
const grades: readonly Grade[] = ['A', 'B', 'C', 'D', 'E'];
const moneyFields = ['amountPerLoan', 'capPerLoan', 'budget', 'reserveBalance'] as const;
const blank = { amountPerLoan: '', capPerLoan: '', budget: '', reserveBalance: '0.00', minTermMonths: '1', maxTermMonths: '36', minRate: '', maxRate: '' };
type FormValues = typeof blank;

/** The plan's terms as the form shows them (strings from the API, as they are). */
const valuesOf = (plan: Plan): FormValues => ({
  amountPerLoan: plan.amountPerLoan,
  capPerLoan: plan.capPerLoan,
  budget: plan.budget,
  reserveBalance: plan.reserveBalance,
  minTermMonths: String(plan.minTermMonths),
  maxTermMonths: String(plan.maxTermMonths),
  minRate: plan.minRate ?? '',
  maxRate: plan.maxRate ?? '',
});

/** An answer of openapi-fetch: ok or a problem. */
type Answer = { error?: unknown; response?: Response };

/** A new plan's form, or an edit's: the terms at their fields, the API's complaint next to each. */
function PlanForm({
  title,
  submitLabel,
  initial,
  initialGrades,
  send,
  onCancel,
  conflict,
}: {
  title: string;
  submitLabel: string;
  initial: FormValues;
  initialGrades: Grade[];
  send: (terms: PlanTerms) => Promise<Answer>;
  onCancel?: () => void;
  /** What a 409 means here, instead of the general message. */
  conflict?: string;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState(initial);
  const [chosen, setChosen] = useState(initialGrades);
  const [problem, setProblem] = useState<Explained>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { minRate, maxRate, minTermMonths, maxTermMonths, capPerLoan, ...money } = form;
    const optional = { ...(capPerLoan ? { capPerLoan } : {}), ...(minRate ? { minRate } : {}), ...(maxRate ? { maxRate } : {}) };
    const result = await send({ ...money, ...optional, minTermMonths: Number(minTermMonths), maxTermMonths: Number(maxTermMonths), grades: chosen });
    const explained = explainResult(result, t, language);
    setProblem(explained && conflict && result.response?.status === 409 ? { ...explained, form: conflict } : explained);
  }

  const input = (name: keyof FormValues, label: string) => (
    <Field key={name} label={label} name={name} error={problem?.fields[name]}>
      {(props) => <input {...props} inputMode="decimal" value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />}
    </Field>
  );

  return (
    <section aria-labelledby="plan-form-title">
      <h2 id="plan-form-title">{title}</h2>
      <form className="grid-form" onSubmit={(event) => void submit(event)} noValidate>
        {moneyFields.map((name) => input(name, name === 'capPerLoan' ? t.planChanges.capPerLoan : t.plans.fields[name]))}
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
        <button type="submit">{submitLabel}</button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            {t.planChanges.cancel}
          </button>
        ) : null}
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </section>
  );
}

export function AutoBidPlans() {
  const { t, language } = useI18n();
  const [plans, setPlans] = useState<Plan[]>();
  const [editing, setEditing] = useState<Plan>();
  const [confirming, setConfirming] = useState<string>();
  const [actionProblem, setActionProblem] = useState<Explained>();
  const [done, setDone] = useState<string>();
  const [created, setCreated] = useState(0);
  const latest = useLatestOnly();
  const load = useCallback(async () => {
    const read = await latest(api.GET('/v1/me/auto-bid-plans'));
    if (read) setPlans(read.data?.items);
  }, [latest]);
  useEffect(() => {
    void load();
  }, [load]);

  /** A pause, resume or deletion: the list again, and what happened said aloud. */
  async function act(plan: Plan, action: 'pause' | 'resume' | 'delete') {
    const path = { params: { path: { planId: plan.planId } } };
    const result =
      action === 'delete'
        ? await api.DELETE('/v1/me/auto-bid-plans/{planId}', path)
        : action === 'pause'
          ? await api.POST('/v1/me/auto-bid-plans/{planId}/pause', path)
          : await api.POST('/v1/me/auto-bid-plans/{planId}/resume', path);
    const problem = explainResult(result, t, language);
    setActionProblem(problem);
    setDone(problem ? undefined : `${plan.planId}: ${t.planChanges.done[action]}`);
    setConfirming(undefined);
    if (editing?.planId === plan.planId) setEditing(undefined);
    await load();
  }

  async function create(terms: PlanTerms) {
    const result = await api.POST('/v1/me/auto-bid-plans', { params: { header: idempotencyKey() }, body: terms });
    if (result.data) {
      setCreated(created + 1);
      await load();
    }
    return result;
  }

  async function edit(plan: Plan, terms: PlanTerms) {
    const result = await api.PUT('/v1/me/auto-bid-plans/{planId}', { params: { header: idempotencyKey(), path: { planId: plan.planId } }, body: { ...terms, version: plan.version } });
    if (result.data) {
      setEditing(undefined);
      setDone(`${plan.planId}: ${t.planChanges.done.edit}`);
      await load();
    } else if (result.response.status === 409) {
      // Changed meanwhile: the table shows the plan as it is now, and saving again edits that version.
      const read = await latest(api.GET('/v1/me/auto-bid-plans'));
      if (!read) return result;
      const now = read.data?.items;
      setPlans(now);
      setEditing(now?.find((other) => other.planId === plan.planId));
    }
    return result;
  }

  const actions = (plan: Plan) =>
    confirming === plan.planId ? (
      <div className="inline-form" role="group" aria-label={`${t.planChanges.confirmDelete} ${plan.planId}`}>
        <span>{t.planChanges.confirmDelete}</span>
        <button type="button" onClick={() => void act(plan, 'delete')}>
          {t.planChanges.reallyDelete}
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
          {t.planChanges.cancel}
        </button>
      </div>
    ) : (
      <div className="inline-form">
        <button type="button" className="secondary" aria-label={`${t.planChanges.edit} ${plan.planId}`} onClick={() => setEditing(plan)}>
          {t.planChanges.edit}
        </button>
        {plan.status === 'ACTIVE' ? (
          <button type="button" className="secondary" aria-label={`${t.planChanges.pause} ${plan.planId}`} onClick={() => void act(plan, 'pause')}>
            {t.planChanges.pause}
          </button>
        ) : (
          <button type="button" className="secondary" aria-label={`${t.planChanges.resume} ${plan.planId}`} onClick={() => void act(plan, 'resume')}>
            {t.planChanges.resume}
          </button>
        )}
        <button type="button" className="secondary" aria-label={`${t.planChanges.delete} ${plan.planId}`} onClick={() => setConfirming(plan.planId)}>
          {t.planChanges.delete}
        </button>
      </div>
    );

  return (
    <>
      <h1>{t.plans.title}</h1>
      <p>{t.plans.intro}</p>
      {plans?.length ? (
        <Table
          caption={t.plans.title}
          headers={[t.plans.plan, t.planChanges.status, t.plans.fields.amountPerLoan, t.plans.fields.budget, t.plans.spent, t.plans.gradesLabel, t.termMonths, t.annualRate, t.planChanges.actions]}
          hideCaption
        >
          {plans.map((plan) => (
            <tr key={plan.planId}>
              <th scope="row">{plan.planId}</th>
              <td>{t.planChanges.statuses[plan.status]}</td>
              <td>{yuan(plan.amountPerLoan)}</td>
              <td>{yuan(plan.budget)}</td>
              <td>{yuan(plan.spent)}</td>
              <td>{plan.grades.join('、')}</td>
              <td>
                {plan.minTermMonths}–{plan.maxTermMonths}
              </td>
              <td>{plan.minRate || plan.maxRate ? `${plan.minRate ? percent(plan.minRate) : ''}–${plan.maxRate ? percent(plan.maxRate) : ''}` : t.any}</td>
              <td>{actions(plan)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t.plans.none}</p>
      )}
      <p role="status">{done}</p>
      <FormError explained={actionProblem} requestIdLabel={t.requestId} />
      {editing ? (
        <PlanForm
          key={`edit-${editing.planId}`}
          title={`${t.planChanges.editTitle} ${editing.planId}`}
          submitLabel={t.planChanges.save}
          initial={valuesOf(editing)}
          initialGrades={[...editing.grades]}
          send={(terms) => edit(editing, terms)}
          onCancel={() => setEditing(undefined)}
          conflict={t.planChanges.changedMeanwhile}
        />
      ) : (
        <PlanForm key={`new-${created}`} title={t.plans.create} submitLabel={t.plans.create} initial={blank} initialGrades={['A', 'B']} send={create} />
      )}
    </>
  );
}
