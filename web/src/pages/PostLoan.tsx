/**
 * Post-loan (贷后) for staff: the collection cases by stage (GET /v1/collections), the
 * write-off of a DEFAULTED loan for admins (POST /v1/loans/{loanId}/write-off, a reason
 * code, never free text), the in-loan monitoring alerts (GET /v1/alerts) and the risk
 * reserve's disclosure (GET /v1/risk-reserve).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { yuan } from '../money';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';
import { useLatestOnly } from '../latest';

type Stage = Schemas['CollectionCase']['stage'];
type Reason = Schemas['WriteOffRequest']['reason'];
const stages: readonly Stage[] = ['REMINDERS', 'LEGAL', 'DEFAULTED', 'WRITTEN_OFF', 'CURED'];
const reasons: readonly Reason[] = ['UNCOLLECTABLE', 'BORROWER_INSOLVENT', 'BORROWER_DECEASED', 'LEGAL_ACTION_EXHAUSTED', 'SETTLEMENT_AGREED'];

function WriteOff({ loanId, onLoanId, onWrittenOff }: { loanId: string; onLoanId: (loanId: string) => void; onWrittenOff: () => Promise<void> }) {
  const { t, language } = useI18n();
  const [reason, setReason] = useState<Reason>('UNCOLLECTABLE');
  const [problem, setProblem] = useState<Explained>();
  const [done, setDone] = useState<Schemas['WriteOffResult']>();

  async function writeOff(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    const result = await api.POST('/v1/loans/{loanId}/write-off', { params: { path: { loanId }, header: idempotencyKey() }, body: { reason } });
    setProblem(explainResult(result, t, language));
    if (result.data) {
      setDone(result.data);
      await onWrittenOff();
    }
  }

  return (
    <section className="card" aria-labelledby="write-off">
      <h2 id="write-off">{t.staff.writeOff}</h2>
      <p>{t.staff.writeOffIntro}</p>
      <form className="inline-form" onSubmit={(event) => void writeOff(event)} noValidate>
        <Field label={t.staff.loanId} name="loanId" error={problem?.fields.loanId}>
          {(props) => <input {...props} value={loanId} onChange={(event) => onLoanId(event.target.value)} />}
        </Field>
        <Field label={t.staff.writeOffReason} name="reason" error={problem?.fields.reason}>
          {(props) => (
            <select {...props} value={reason} onChange={(event) => setReason(event.target.value as Reason)}>
              {reasons.map((code) => (
                <option key={code} value={code}>
                  {t.staff.writeOffReasons[code]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{t.staff.writeOffSubmit}</button>
      </form>
      {done ? (
        <p className="success" role="status">
          {t.staff.writtenOff} {done.loanId} · {dateTime(done.writtenOffAt, language)}
        </p>
      ) : null}
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </section>
  );
}

function Alerts() {
  const { t, language } = useI18n();
  const [alerts, setAlerts] = useState<Schemas['MonitoringAlert'][]>();
  const [problem, setProblem] = useState<Explained>();
  useEffect(() => {
    void api.GET('/v1/alerts', { params: { query: { limit: '50' } } }).then((result) => {
      setProblem(explainResult(result, t, language));
      setAlerts(result.data?.items);
    });
  }, [t, language]);
  return (
    <section aria-labelledby="alerts">
      <h2 id="alerts">{t.staff.alerts}</h2>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {alerts?.length === 0 ? <p>{t.staff.noAlerts}</p> : null}
      {alerts?.length ? (
        <Table caption={t.staff.alerts} hideCaption headers={[t.staff.raisedAt, t.staff.alertKind, t.staff.userId, t.staff.loanId, t.staff.detail]}>
          {alerts.map((alert) => (
            <tr key={alert.alertId}>
              <td>{dateTime(alert.raisedAt, language)}</td>
              <td>{t.staff.alertKinds[alert.kind]}</td>
              <td>{alert.userId}</td>
              <td>{alert.loanId ?? '—'}</td>
              <td>
                {Object.entries(alert.detail)
                  .map(([key, value]) => `${key}: ${value}`)
                  .join('; ')}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}

function RiskReserve() {
  const { t, language } = useI18n();
  const [reserve, setReserve] = useState<Schemas['RiskReserveDisclosure']>();
  const [problem, setProblem] = useState<Explained>();
  useEffect(() => {
    void api.GET('/v1/risk-reserve').then((result) => {
      setProblem(explainResult(result, t, language));
      setReserve(result.data);
    });
  }, [t, language]);
  return (
    <section className="card" aria-labelledby="risk-reserve">
      <h2 id="risk-reserve">{t.staff.riskReserve}</h2>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {reserve ? (
        <>
          <dl className="facts">
            <Fact label={t.staff.reserveBalance}>
              <span data-testid="reserve-balance">{yuan(reserve.balance)}</span>
            </Fact>
            <Fact label={t.staff.compensates}>{reserve.compensatesInvestors ? t.staff.yes : t.staff.no}</Fact>
            <Fact label={t.staff.compensated}>{yuan(reserve.compensated)}</Fact>
          </dl>
          {reserve.decisions.length ? (
            <Table caption={t.staff.reserveDecisions} headers={[t.staff.loanId, t.staff.decidedAt, t.staff.decision, t.staff.claim, t.staff.paid]}>
              {reserve.decisions.map((decision) => (
                <tr key={decision.loanId}>
                  <td>{decision.loanId}</td>
                  <td>{dateTime(decision.decidedAt, language)}</td>
                  <td>
                    {decision.status} ({decision.reason})
                  </td>
                  <td>{yuan(decision.claim)}</td>
                  <td>{decision.paid ? yuan(decision.paid) : '—'}</td>
                </tr>
              ))}
            </Table>
          ) : (
            <p>{t.staff.noDecisions}</p>
          )}
        </>
      ) : null}
    </section>
  );
}

export function PostLoan() {
  const { t, language } = useI18n();
  const { profile } = useSession();
  const [stage, setStage] = useState<Stage | ''>('');
  const [cases, setCases] = useState<Schemas['CollectionCase'][]>();
  const [problem, setProblem] = useState<Explained>();
  const [loanId, setLoanId] = useState('');
  const latest = useLatestOnly();
  const load = useCallback(
    async (chosen: Stage | '') => {
      const result = await latest(api.GET('/v1/collections', { params: { query: { limit: '50', ...(chosen ? { stage: chosen } : {}) } } }));
      if (!result) return;
      setProblem(explainResult(result, t, language));
      setCases(result.data?.items);
    },
    [t, language, latest],
  );
  useEffect(() => {
    void load(stage);
  }, [load, stage]);
  const admin = profile?.roles.includes('admin') ?? false;

  return (
    <>
      <h1>{t.staff.postLoanTitle}</h1>
      <section aria-labelledby="collections">
        <h2 id="collections">{t.staff.collections}</h2>
        <div className="inline-form">
          <Field label={t.staff.stage} name="stage" error={problem?.fields.stage}>
            {(props) => (
              <select {...props} value={stage} onChange={(event) => setStage(event.target.value as Stage | '')}>
                <option value="">{t.staff.anyStage}</option>
                {stages.map((choice) => (
                  <option key={choice} value={choice}>
                    {t.staff.stages[choice]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <FormError explained={problem} requestIdLabel={t.requestId} />
        {cases?.length === 0 ? <p>{t.staff.noCases}</p> : null}
        {cases?.length ? (
          <Table caption={t.staff.collections} hideCaption headers={[t.staff.loanId, t.staff.stage, t.staff.overdueDays, t.staff.remindersSent, t.staff.updatedAt, ...(admin ? [t.staff.action] : [])]}>
            {cases.map((item) => (
              <tr key={item.loanId}>
                <td>{item.loanId}</td>
                <td>{t.staff.stages[item.stage]}</td>
                <td>{item.overdueDays}</td>
                <td>{item.remindersSent ?? 0}</td>
                <td>{dateTime(item.updatedAt, language)}</td>
                {admin ? (
                  <td>
                    {item.stage === 'DEFAULTED' ? (
                      <button type="button" className="secondary" onClick={() => setLoanId(item.loanId)}>
                        {t.staff.chooseForWriteOff}
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </Table>
        ) : null}
      </section>
      {admin ? <WriteOff loanId={loanId} onLoanId={setLoanId} onWrittenOff={() => load(stage)} /> : null}
      <Alerts />
      <RiskReserve />
    </>
  );
}
