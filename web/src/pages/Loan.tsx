/**
 * One loan (GET /v1/loans/{loanId}): its terms, schedule and repayments; for its borrower
 * the amount due now and the early-settlement quote (GET …/repayment-quote) with the
 * repay buttons; the contract's signature status and its download. A repayment is
 * PENDING until the bank confirms: the page reads again until it is not.
 */
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { Table } from '../Table';
import { percent, yuan } from '../money';
import { Fact } from '../Facts';
import { explainResult, FormError, type Explained } from '../problem';
import { useSession } from '../session';
import { Contract } from '../Contract';
import { useLatestOnly } from '../latest';

type Kind = Schemas['RepaymentRequest']['kind'];
const repayable = new Set(['REPAYING', 'DEFAULTED', 'WRITTEN_OFF']);

export function LoanPage() {
  const { loanId = '' } = useParams();
  const { t, language } = useI18n();
  const { profile } = useSession();
  const [loan, setLoan] = useState<Schemas['Loan']>();
  const [quote, setQuote] = useState<Schemas['RepaymentQuote']>();
  const [repayments, setRepayments] = useState<Schemas['Repayment'][]>();
  const [problem, setProblem] = useState<Explained>();
  const [repayProblem, setRepayProblem] = useState<Explained>();
  const borrower = profile?.roles.includes('borrower') ?? false;

  const latest = useLatestOnly();

  const load = useCallback(async () => {
    const path = { loanId };
    const read = await latest(Promise.all([api.GET('/v1/loans/{loanId}', { params: { path } }), api.GET('/v1/loans/{loanId}/repayments', { params: { path, query: {} } })]));
    if (!read) return;
    const [found, paid] = read;
    setProblem(explainResult(found, t, language));
    setLoan(found.data);
    setRepayments(paid.data?.items);
    if (borrower && found.data && repayable.has(found.data.status)) {
      const quoted = await api.GET('/v1/loans/{loanId}/repayment-quote', { params: { path } });
      setQuote(quoted.data);
    } else setQuote(undefined);
  }, [loanId, borrower, t, language, latest]);

  useEffect(() => {
    void load();
  }, [load]);

  // A repayment with the bank: read again shortly, until the bank's answer has arrived.
  const pending = repayments?.some((repayment) => repayment.status === 'PENDING') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void load(), 1000);
    return () => clearTimeout(timer);
  }, [pending, repayments, load]);

  async function repay(kind: Kind) {
    const result = await api.POST('/v1/loans/{loanId}/repayments', { params: { path: { loanId }, header: idempotencyKey() }, body: { kind } });
    setRepayProblem(explainResult(result, t, language));
    await load();
  }

  if (problem) return <FormError explained={problem} requestIdLabel={t.requestId} />;
  if (!loan) return <p>{t.loading}</p>;
  return (
    <>
      <h1>
        {t.loan} {loan.loanId} · {yuan(loan.amount)}
      </h1>
      <dl className="facts">
        <Fact label={t.status}>{t.statuses[loan.status] ?? loan.status}</Fact>
        <Fact label={t.grade}>{loan.grade ?? '—'}</Fact>
        <Fact label={t.annualRate}>{loan.annualRate ? percent(loan.annualRate) : '—'}</Fact>
        <Fact label={t.termMonths}>{loan.termMonths}</Fact>
        <Fact label={t.method}>{loan.method ? (t.methods as Record<string, string>)[loan.method] ?? loan.method : '—'}</Fact>
        <Fact label={t.funded}>{yuan(loan.funded)}</Fact>
        {loan.disbursement ? <Fact label={t.toBorrower}>{yuan(loan.disbursement.toBorrower)}</Fact> : null}
        {loan.disbursement ? <Fact label={t.serviceFee}>{yuan(loan.disbursement.serviceFee)}</Fact> : null}
        {loan.repaid ? <Fact label={t.repaidPrincipal}>{yuan(loan.repaid.principal)}</Fact> : null}
        {loan.repaid ? <Fact label={t.repaidInterest}>{yuan(loan.repaid.interest)}</Fact> : null}
      </dl>

      {quote ? (
        <section aria-labelledby="repay" className="card">
          <h2 id="repay">{t.repay}</h2>
          <dl className="facts">
            <Fact label={t.dueNow}>
              <span data-testid="due-now">{yuan(quote.due?.amount ?? '0.00')}</span>
            </Fact>
            {quote.due && quote.due.penalty !== '0.00' ? <Fact label={t.penalty}>{yuan(quote.due.penalty)}</Fact> : null}
            <Fact label={t.earlySettlement}>{yuan(quote.earlySettlement.amount)}</Fact>
            <Fact label={t.available}>{yuan(quote.available)}</Fact>
          </dl>
          <p>
            {t.quoteAsOf} {quote.asOf}
          </p>
          {quote.repaymentInProgress || pending ? (
            <p role="status">{t.repaymentPending}</p>
          ) : (
            <div className="inline-form">
              <button type="button" disabled={!quote.due} onClick={() => void repay('DUE')}>
                {t.repayDue}
              </button>
              <button type="button" className="secondary" onClick={() => void repay('EARLY_SETTLEMENT')}>
                {t.settleEarly}
              </button>
            </div>
          )}
          <FormError explained={repayProblem} requestIdLabel={t.requestId} />
        </section>
      ) : null}

      <Contract loanId={loan.loanId} status={loan.status} />

      {loan.schedule ? (
        <Table caption={t.schedule} headers={[t.installment, t.dueDate, t.total, t.principal, t.interest, t.penalty, t.status]}>
          {loan.schedule.map((installment) => (
            <tr key={installment.number}>
              <td>{installment.number}</td>
              <td>{installment.dueDate}</td>
              <td>{yuan(installment.total)}</td>
              <td>{yuan(installment.principal)}</td>
              <td>{yuan(installment.interest)}</td>
              <td>{yuan(installment.penalty)}</td>
              <td>{t.installmentStatuses[installment.status] ?? installment.status}</td>
            </tr>
          ))}
        </Table>
      ) : null}

      {repayments?.length ? (
        <Table caption={t.repayments} headers={[t.requestedOn, t.repaymentKind, t.amount, t.status]}>
          {repayments.map((repayment) => (
            <tr key={repayment.repaymentId}>
              <td>{repayment.requestedOn}</td>
              <td>{repayment.kind === 'DUE' ? t.repayDue : t.settleEarly}</td>
              <td>{yuan(repayment.amount)}</td>
              <td>{t.repaymentStatuses[repayment.status] ?? repayment.status}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </>
  );
}
