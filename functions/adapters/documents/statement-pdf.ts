/**
 * Renders an investor's statement (functions/core/investor-statement.ts) as a PDF through
 * the platform's PDF module (pdf-document.ts): a header, the period's totals, then every
 * cash flow with its date and loan. Deterministic: dated from the statement's generation
 * instant, so the stored statement always renders to the same bytes.
 */
import { statementKindNames, statementTotalNames, yuanOf, type InvestorStatement } from '../../core/investor-statement';
import { PdfWriter } from './pdf-document';

export const statementPdfProducer = 'p2p-lending-platform statement renderer v1';

export async function renderStatementPdf(statement: InvestorStatement): Promise<Uint8Array> {
  const { period } = statement;
  const title = `${period.kind === 'MONTHLY' ? '月度对账单 Monthly statement' : '年度对账单 Annual statement'} ${period.period}`;
  const out = await PdfWriter.create({
    title,
    subject: `Investor ${statement.investorRef}, ${period.from} to ${period.to}`,
    author: 'p2p-lending-platform',
    keywords: ['statement', '对账单', period.period],
    producer: statementPdfProducer,
    at: new Date(statement.generatedAt),
  });
  out.paragraph(title, { bold: true, size: 14 });
  out.paragraph(`出借人 Investor: ${statement.investorRef}. 期间 Period: ${period.from} to ${period.to} (Asia/Shanghai). Generated ${statement.generatedAt}. Amounts in CNY (元).`);

  out.heading('一、合计 Totals');
  for (const [name, label] of statementTotalNames) {
    out.row([{ x: 0, text: label }, { x: 260, width: 100, text: yuanOf(statement.totals[name]), align: 'right' }], name === 'netFen');
  }

  out.heading(`二、资金流水 Cash flows (${statement.lines.length})`);
  const columns = [
    { x: 0, width: 60, label: '日期' },
    { x: 62, width: 110, label: '借款' },
    { x: 174, width: 80, label: '类型' },
    { x: 256, width: 55, label: '本金', align: 'right' },
    { x: 313, width: 50, label: '利息', align: 'right' },
    { x: 365, width: 40, label: '罚息', align: 'right' },
    { x: 407, width: 35, label: '费用', align: 'right' },
    { x: 444, width: 51, label: '净额', align: 'right' },
  ] as const;
  out.tableRow(columns, columns.map((column) => column.label), true);
  out.tableRow(columns, ['Date', 'Loan', 'Kind', 'Principal', 'Interest', 'Penalty', 'Fee', 'Net'], true);
  for (const line of statement.lines) {
    const principal = line.kind === 'COMPENSATION' ? line.compensationFen : line.kind === 'WRITE_OFF' ? line.lossFen : line.kind === 'TRANSFER_GAIN' ? line.transferGainFen : line.principalFen;
    out.tableRow(columns, [line.date, line.loanId, statementKindNames[line.kind], yuanOf(principal), yuanOf(line.interestFen), yuanOf(line.penaltyFen), yuanOf(line.feeFen), yuanOf(line.netFen)]);
  }
  if (statement.lines.length === 0) out.paragraph('本期无资金流水 No cash flows in this period.');
  out.gap();
  out.paragraph('Compensation, write-off and realised transfer-gain lines show their amount in the principal column; a write-off and a realisation move no money (net 0). A transfer sold shows the principal and accrued interest sold and its fee; its gain (price less value) is in the totals. A transfer bought shows the principal bought and, negative, the accrued interest paid for.');
  return out.save((page, pages) => `对账单 Statement ${statement.investorRef} ${period.period} - page ${page} of ${pages}`);
}
