/**
 * Renders a reschedule's supplementary agreement (functions/core/supplementary-agreement.ts)
 * through the platform's PDF module (pdf-document.ts, with its embedded CJK font): the
 * clauses, then the replacement schedule. Deterministic: dated from the approval of its terms, so
 * the stored agreement always renders to the same bytes.
 */
import type { SupplementaryAgreement } from '../../core/supplementary-agreement';
import { PdfWriter } from './pdf-document';

export const supplementaryAgreementProducer = 'p2p-lending-platform supplementary agreement renderer v1';

export async function renderSupplementaryAgreementPdf(agreement: SupplementaryAgreement): Promise<Uint8Array> {
  const out = await PdfWriter.create({
    title: agreement.title,
    subject: `Reschedule of loan ${agreement.loanId}`,
    author: agreement.platformName,
    keywords: ['supplementary agreement', '补充协议', agreement.loanId],
    producer: supplementaryAgreementProducer,
    at: new Date(agreement.generatedAt),
  });
  out.paragraph(agreement.title, { bold: true, size: 14 });
  out.paragraph(`条款日期 Terms of ${agreement.generatedAt}. 金额单位 Amounts in CNY (元).`);
  for (const clause of agreement.clauses) out.paragraph(clause);
  out.heading(`新还款计划 The new schedule (${agreement.schedule.length})`);
  const columns = [
    { x: 0, width: 40, label: '期数 No.' },
    { x: 60, width: 90, label: '到期日 Due' },
    { x: 170, width: 90, label: '本金 Principal', align: 'right' },
    { x: 270, width: 90, label: '利息 Interest', align: 'right' },
    { x: 370, width: 100, label: '合计 Total', align: 'right' },
  ] as const;
  out.tableRow(columns, columns.map((column) => column.label), true);
  for (const row of agreement.schedule) out.tableRow(columns, [String(row.number), row.dueDate, row.principal, row.interest, row.total]);
  return out.save((page, pages) => `补充协议 ${agreement.loanId} - page ${page} of ${pages}`);
}
