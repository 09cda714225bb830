/**
 * A loan's contract: whether the stored PDF is the one signed and every signature holds
 * (GET …/contract/verification), and its download (GET …/contract, a PDF fetched with the
 * token and handed to the browser as a file). Before disbursement there is none yet.
 */
import { useEffect, useState } from 'react';
import { api, type Schemas } from './api/client';
import { useI18n } from './i18n';
import { saveFile } from './download';

const signedStatuses = new Set(['DISBURSED', 'REPAYING', 'DEFAULTED', 'WRITTEN_OFF', 'SETTLED']);

export function Contract({ loanId, status }: { loanId: string; status: string }) {
  const { t } = useI18n();
  const [verification, setVerification] = useState<Schemas['LoanContractVerification']>();
  const expected = signedStatuses.has(status);
  useEffect(() => {
    if (!expected) return;
    void api.GET('/v1/loans/{loanId}/contract/verification', { params: { path: { loanId } } }).then((result) => setVerification(result.data));
  }, [loanId, expected]);

  async function download() {
    const result = await api.GET('/v1/loans/{loanId}/contract', { params: { path: { loanId } }, parseAs: 'blob' });
    if (result.data) saveFile(result.data as Blob, `contract-${loanId}.pdf`);
  }

  return (
    <section aria-labelledby="contract" className="card">
      <h2 id="contract">{t.contract}</h2>
      {!expected ? <p>{t.contractNotYet}</p> : null}
      {expected && !verification ? <p>{t.loading}</p> : null}
      {verification ? (
        <>
          <p className={verification.valid ? 'success' : 'form-error'} data-testid="contract-status">
            {verification.valid ? t.contractSigned : t.contractInvalid}
          </p>
          <ul className="plain-list">
            {verification.signatures.map((signature) => (
              <li key={`${signature.role}-${signature.party}`}>
                {t.signatureRoles[signature.role] ?? signature.role} {signature.party}: {signature.valid ? t.signatureValid : t.signatureInvalid}
              </li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={() => void download()}>
            {t.downloadContract}
          </button>
        </>
      ) : null}
    </section>
  );
}
