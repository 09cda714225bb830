/** The supplementary agreement of a reschedule as a PDF: readable Chinese and English, the terms, the extra interest and the new schedule; the same bytes every time. */
import { renderSupplementaryAgreementPdf } from '../../../functions/adapters/documents/supplementary-agreement-pdf';
import { buildSupplementaryAgreement } from '../../../functions/core/supplementary-agreement';
import { buildRepaymentSchedule } from '../../../functions/core/repayment-schedule';
import { reschedule } from '../../../functions/core/rescheduling';
import { fen, formatYuan } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import { pdfText } from '../../support/pdf-text';

test('a two-month holiday agreement: parties, terms, extra interest and every new installment, deterministic', async () => {
  const contract = buildRepaymentSchedule({ amount: fen(1_200_000), termMonths: 12, annualRate: parseRate('0.12'), method: 'EQUAL_INSTALLMENT', startDate: '2026-01-31' });
  const terms = { kind: 'PAYMENT_HOLIDAY' as const, months: 2, annualRate: parseRate('0.12') };
  const rescheduling = reschedule(contract, terms, '2026-04-01');
  const agreement = buildSupplementaryAgreement({ loanId: 'loan-abc', borrowerId: 'user-0123456789', platformName: 'P2P Platform', contract, terms, rescheduling, datedAt: '2026-04-02T03:00:00.000Z' });
  const pdf = await renderSupplementaryAgreementPdf(agreement);
  expect(Buffer.from(await renderSupplementaryAgreementPdf(agreement)).equals(Buffer.from(pdf))).toBe(true);
  const text = pdfText(pdf).replace(/\s+/g, ' ');
  expect(text).toContain('借款合同补充协议');
  expect(text).toContain('还款假期');
  expect(text).toContain('loan-abc');
  expect(text).toContain(formatYuan(rescheduling.extraInterest));
  expect(text).not.toContain('user-0123456789');
  for (const installment of rescheduling.replacement) expect(text).toContain(installment.dueDate);
}, 60_000);
