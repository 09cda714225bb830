/**
 * After applying: the borrower reads the loan agreement's terms (GET /v1/loans/{loanId}/contract/terms)
 * and accepts them (POST /v1/loans/{loanId}/contract/consent). Without this consent the contract is
 * not signed and the loan is not disbursed (docs/domain/origination.md, "Consent").
 */
import { useEffect, useState } from 'react';
import { api, type Schemas } from './api/client';
import { useI18n } from './i18n';
import { explainResult, FormError, type Explained } from './problem';

const texts = {
  'zh-CN': { heading: '借款合同条款', accept: '我已阅读并同意借款合同条款', accepted: '已同意借款合同条款：', fees: '借款服务费', penalty: '逾期罚息年利率', hash: '条款哈希' },
  en: { heading: 'The loan agreement’s terms', accept: 'I have read and accept the loan agreement’s terms', accepted: 'Terms accepted at', fees: 'Service fee', penalty: 'Penalty rate a year', hash: 'Terms hash' },
} as const;

export function ContractConsent({ loanId }: { readonly loanId: string }) {
  const { t, language } = useI18n();
  const text = texts[language];
  const [terms, setTerms] = useState<Schemas['LoanContractTerms']>();
  const [consent, setConsent] = useState<Schemas['PartyConsent']>();
  const [problem, setProblem] = useState<Explained>();

  useEffect(() => {
    void api.GET('/v1/loans/{loanId}/contract/terms', { params: { path: { loanId } } }).then((result) => {
      setTerms(result.data);
      setConsent(result.data?.borrowerConsent);
    });
  }, [loanId]);

  async function accept() {
    if (!terms) return;
    const result = await api.POST('/v1/loans/{loanId}/contract/consent', { params: { path: { loanId } }, body: { termsHash: terms.termsHash } });
    setProblem(explainResult(result, t, language));
    if (result.data) setConsent(result.data);
  }

  if (!terms) return null;
  return (
    <section aria-label={text.heading}>
      <h2>{text.heading}</h2>
      <p>
        {terms.terms.amount} · {terms.terms.termMonths} · {terms.terms.annualRate} · {terms.terms.methodName} · {text.fees} {terms.terms.serviceFeeRatePercent}% · {text.penalty} {terms.terms.penaltyRatePercent}%
      </p>
      <p>
        {text.hash} <code>{terms.termsHash}</code>
      </p>
      {consent ? (
        <p role="status" className="success">
          {text.accepted} {consent.acceptedAt}
        </p>
      ) : (
        <button type="button" onClick={() => void accept()}>
          {text.accept}
        </button>
      )}
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </section>
  );
}
