/**
 * The custody account (GET /v1/me/account): available, frozen, balance; deposit (充值) and
 * withdraw (提现), each PENDING until the bank's signed callback confirms or fails it (the
 * page reads again while one is pending); the movements (GET /v1/me/transactions).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { yuan } from '../money';
import { Fact } from '../Facts';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';
import { useLatestOnly } from '../latest';

type Direction = 'deposits' | 'withdrawals';

function MoneyForm({ direction, onDone }: { direction: Direction; onDone: () => Promise<void> }) {
  const { t, language } = useI18n();
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<Explained>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await api.POST(`/v1/me/${direction}`, { params: { header: idempotencyKey() }, body: { amount } });
    setProblem(explainResult(result, t, language));
    if (result.data) setAmount('');
    await onDone();
  }
  const label = direction === 'deposits' ? t.account.deposit : t.account.withdraw;
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate aria-label={label}>
      <Field label={`${label} · ${t.amount}`} name="amount" error={problem?.fields.amount}>
        {(props) => <input {...props} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />}
      </Field>
      <button type="submit">{label}</button>
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </form>
  );
}

export function Account() {
  const { t, language } = useI18n();
  const [account, setAccount] = useState<Schemas['CustodyAccount']>();
  const [movements, setMovements] = useState<Schemas['CustodyTransaction'][]>();
  const [problem, setProblem] = useState<Explained>();
  const latest = useLatestOnly();
  const load = useCallback(async () => {
    const read = await latest(Promise.all([api.GET('/v1/me/account'), api.GET('/v1/me/transactions', { params: { query: {} } })]));
    if (!read) return;
    const [found, listed] = read;
    setProblem(explainResult(found, t, language));
    setAccount(found.data);
    setMovements(listed.data?.items);
  }, [t, language, latest]);
  useEffect(() => {
    void load();
  }, [load]);
  const pending = movements?.some((movement) => movement.status === 'PENDING') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void load(), 1000);
    return () => clearTimeout(timer);
  }, [pending, movements, load]);

  return (
    <>
      <h1>{t.account.title}</h1>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {account ? (
        <dl className="facts">
          <Fact label={t.available}>
            <span data-testid="available">{yuan(account.available)}</span>
          </Fact>
          <Fact label={t.dev.frozen}>{yuan(account.frozen)}</Fact>
          <Fact label={t.dev.balance}>{yuan(account.balance)}</Fact>
          <Fact label={t.account.totalDeposited}>{yuan(account.totalDeposited)}</Fact>
          <Fact label={t.account.totalWithdrawn}>{yuan(account.totalWithdrawn)}</Fact>
        </dl>
      ) : null}
      <p>{t.account.pendingExplained}</p>
      <MoneyForm direction="deposits" onDone={load} />
      <MoneyForm direction="withdrawals" onDone={load} />
      {movements?.length ? (
        <Table caption={t.account.movements} headers={[t.account.when, t.account.type, t.amount, t.status, t.account.reason]}>
          {movements.map((movement) => (
            <tr key={movement.id}>
              <td>{dateTime(movement.createdAt, language)}</td>
              <td>{t.account.types[movement.type] ?? movement.type}</td>
              <td>{yuan(movement.amount)}</td>
              <td>{t.repaymentStatuses[movement.status] ?? movement.status}</td>
              <td>{movement.failureReason ?? ''}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
