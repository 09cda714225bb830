/** A repayment schedule as the API computed it (POST /v1/quotes): every figure is the API's string. */
import type { Schemas } from './api/client';
import { useI18n } from './i18n';
import { yuan } from './money';
import { Table } from './Table';

export function Schedule({ quote, caption }: { quote: Schemas['Quote']; caption: string }) {
  const { t } = useI18n();
  return (
    <Table
      caption={caption}
      headers={[t.installment, t.dueDate, t.principal, t.interest, t.total, t.remainingPrincipal]}
      foot={
        <tr>
          <th scope="row" colSpan={2}>
            {t.totals}
          </th>
          <td>{yuan(quote.totals.principal)}</td>
          <td>{yuan(quote.totals.interest)}</td>
          <td>{yuan(quote.totals.total)}</td>
          <td />
        </tr>
      }
    >
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
    </Table>
  );
}
