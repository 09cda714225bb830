/**
 * Renders a loan agreement (functions/core/loan-agreement.ts) as a PDF through the
 * platform's PDF module (pdf-document.ts): Chinese terms and the borrower's masked name
 * (张*) are drawn in the embedded Noto Sans SC subset, the clauses in English beside them.
 *
 * The bytes are deterministic: the same agreement always gives the same PDF (and the
 * same SHA-256), dated from the agreement's funding instant. A 60-installment schedule
 * and 200 investors flow over as many A4 pages as they need, each page numbered.
 */
import type { LoanAgreement } from '../../core/loan-agreement';
import { PdfWriter } from './pdf-document';

export const contractPdfProducer = 'p2p-lending-platform contract renderer v2';

export async function renderAgreementPdf(agreement: LoanAgreement): Promise<Uint8Array> {
  const out = await PdfWriter.create({
    title: `借款合同 Loan agreement ${agreement.loanId}`,
    subject: `Loan of CNY ${agreement.loan.amount} for ${agreement.loan.termMonths} months at ${agreement.loan.annualRatePercent}% a year`,
    author: agreement.parties.platform.name,
    keywords: ['loan agreement', '借款合同', agreement.loanId],
    producer: contractPdfProducer,
    at: new Date(agreement.generatedAt),
  });
  const { loan, parties, fees, overdue, totals } = agreement;

  out.paragraph('借款合同 LOAN AGREEMENT', { bold: true, size: 14 });
  out.paragraph(`Agreement no. ${agreement.loanId}, version ${agreement.version}, dated ${agreement.contractDate} (Asia/Shanghai).`);
  out.paragraph(
    `Made through ${parties.platform.name}, a peer-to-peer lending information intermediary (网络借贷信息中介机构). The platform matches the parties and keeps the records; it does not lend, does not hold the parties' funds (which stay with the custodian bank, 资金存管) and does not guarantee principal or interest.`,
  );

  out.heading('一、合同当事人 1. Parties');
  const borrower = parties.borrower;
  out.paragraph(
    `Borrower (借款人): user reference ${borrower.ref}${borrower.name ? `, name ${borrower.name}` : ''}${borrower.identity ? `, ${borrower.kind === 'enterprise' ? 'credit code' : 'ID no.'} ${borrower.identity}` : ''}${borrower.kind ? ` (${borrower.kind})` : ''}. Personal data is masked.`,
  );
  out.paragraph(`Lenders (出借人): the ${parties.investors.length} investor(s) listed in section 6, each for their share.`);
  out.paragraph(`Intermediary (居间方): ${parties.platform.name}.`);

  out.heading('二、借款 2. The loan');
  const terms: Array<[string, string]> = [
    ['Principal', `CNY ${loan.amount}`],
    ['Term', `${loan.termMonths} month(s), from ${loan.startDate} to ${loan.maturityDate}`],
    ['Annual interest rate', `${loan.annualRatePercent}% (${loan.annualRate})`],
    ['Repayment method', loan.methodName],
    ...(loan.purpose ? ([['Purpose', loan.purpose]] as Array<[string, string]>) : []),
    ...(loan.grade ? ([['Risk grade', loan.grade]] as Array<[string, string]>) : []),
    ['Total interest', `CNY ${totals.interest}`],
    ['Total repayable', `CNY ${totals.total}`],
  ];
  for (const [label, value] of terms) out.row([{ x: 0, text: `${label}:` }, { x: 130, text: value }]);

  out.heading('三、费用 3. Fees');
  out.paragraph(
    `Borrower service fee (借款服务费): ${fees.borrowerServiceFeeRatePercent}% of the principal, CNY ${fees.borrowerServiceFee}, deducted once at disbursement; the borrower receives CNY ${fees.toBorrower}.`,
  );
  out.paragraph(`Investor management fee (出借管理费): ${fees.investorManagementFeeRatePercent}% of the interest each investor receives, deducted from each repayment.`);

  out.heading('四、逾期 4. Overdue terms');
  out.paragraph(
    `An installment not paid in full on its due date is overdue. Penalty interest (罚息) accrues daily on the overdue principal and interest at ${overdue.penaltyRatePercent}% a year (actual/365), so that the contract rate plus the penalty rate never exceed the legal cap of ${overdue.legalCapPercent}% a year (${overdue.lprMultiple} x the one-year Loan Prime Rate of ${overdue.loanPrimeRatePercent}%). Repayments settle penalty, then interest, then principal, oldest installment first. After 90 days overdue the loan is in default.`,
  );

  out.heading(`五、还款计划 5. Repayment schedule (${agreement.schedule.length} installment(s))`);
  const columns = [
    { x: 0, width: 30, label: 'No.' },
    { x: 40, width: 70, label: 'Due date' },
    { x: 120, width: 80, label: 'Principal', align: 'right' },
    { x: 205, width: 80, label: 'Interest', align: 'right' },
    { x: 290, width: 80, label: 'Total', align: 'right' },
    { x: 375, width: 110, label: 'Remaining principal', align: 'right' },
  ] as const;
  out.tableRow(columns, columns.map((column) => column.label), true);
  for (const installment of agreement.schedule) {
    out.tableRow(columns, [String(installment.number), installment.dueDate, installment.principal, installment.interest, installment.total, installment.remainingPrincipal]);
  }
  out.row(
    [
      { x: 0, text: 'Total' },
      { x: 120, width: 80, text: totals.principal, align: 'right' },
      { x: 205, width: 80, text: totals.interest, align: 'right' },
      { x: 290, width: 80, text: totals.total, align: 'right' },
    ],
    true,
  );

  out.heading(`六、出借人 6. Lenders and their shares (${parties.investors.length})`);
  out.row(
    [
      { x: 0, text: 'No.' },
      { x: 40, text: 'Investor (masked)' },
      { x: 260, width: 100, text: 'Amount (CNY)', align: 'right' },
      { x: 370, width: 70, text: 'Share', align: 'right' },
    ],
    true,
  );
  parties.investors.forEach((investor, index) => {
    out.row([
      { x: 0, text: String(index + 1) },
      { x: 40, text: investor.ref },
      { x: 260, width: 100, text: investor.amount, align: 'right' },
      { x: 370, width: 70, text: `${investor.sharePercent}%`, align: 'right' },
    ]);
  });
  out.row([{ x: 0, text: 'Total' }, { x: 260, width: 100, text: loan.amount, align: 'right' }], true);

  out.heading('七、签署 7. Signatures');
  out.paragraph(
    "The parties sign this agreement electronically (电子签名): the platform's e-signature service signs the SHA-256 digest of this document for the borrower, each lender and the platform. The digest and the signatures are recorded by the platform; anyone entitled to this agreement can verify that it was not altered.",
  );
  return out.save((page, pages) => `借款合同 Loan agreement ${agreement.loanId} - page ${page} of ${pages}`);
}
