/** A repayment schedule as the API computed it (POST /v1/quotes): every figure is the API's string. */
import type { Schemas } from './api/client';
import { useI18n } from './i18n';
import { yuan } from './money';

export function Schedule({ quote, caption }: { quote: Schemas['Quote']; caption: string }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.installment}</th>
            <th scope="col">{t.dueDate}</th>
            <th scope="col">{t.principal}</th>
            <th scope="col">{t.interest}</th>
            <th scope="col">{t.total}</th>
            <th scope="col">{t.remainingPrincipal}</th>
          </tr>
        </thead>
        <tbody>
          {quote.installments.map((installment) => (
            <tr key={installment.number}>
              <td>{installment.number}</td>
              <td>{installment.dueDate}</td>
              <td>{yuan(installment.principal)}</td>
              <td>{yuan(installment.interest)}</td>
              <td>{yuan(installment.total)}</td>
              <td>{yuan(installment.remainingPrincipal)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t.totals}
            </th>
            <td>{yuan(quote.totals.principal)}</td>
            <td>{yuan(quote.totals.interest)}</td>
            <td>{yuan(quote.totals.total)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
