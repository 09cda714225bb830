/**
 * Renders a loan agreement (functions/core/loan-agreement.ts) as a PDF with pdf-lib.
 *
 * The standard Helvetica fonts have no CJK glyphs, so the document is in English and
 * Chinese terms appear transliterated; any other character outside printable ASCII
 * (a masked Chinese name such as 张*) is written as its code point, [U+5F20]*.
 *
 * The bytes are deterministic: the same agreement always gives the same PDF (and the
 * same SHA-256). The creation and modification dates are the agreement's funding
 * instant, the producer and creator fixed, no document id, and pdf-lib writes objects
 * in a fixed order. A 60-installment schedule and 200 investors flow over as many A4
 * pages as they need, each page numbered.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { LoanAgreement } from '../../core/loan-agreement';

export const contractPdfProducer = 'p2p-lending-platform contract renderer v1';

const pageSize: [number, number] = [595.28, 841.89]; // A4 in points
const margin = 50;
const fontSize = 9;
const lineHeight = 12.5;

/** Printable ASCII stays; anything else becomes [U+XXXX], which Helvetica (WinAnsi) can always draw. */
export function pdfSafeText(text: string): string {
  let safe = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    safe += code >= 0x20 && code <= 0x7e ? character : `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
  }
  return safe;
}

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

/** Writes lines top to bottom, starting a new page when the current one is full. */
class Writer {
  private page: PDFPage;
  private y = 0;
  readonly pages: PDFPage[] = [];

  constructor(
    private readonly document: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.page = this.newPage();
  }

  private newPage(): PDFPage {
    const page = this.document.addPage(pageSize);
    this.pages.push(page);
    this.y = pageSize[1] - margin;
    this.page = page;
    return page;
  }

  private room(lines: number): void {
    if (this.y - lines * lineHeight < margin + lineHeight) this.newPage();
  }

  /** One line of cells at x offsets (from the left margin); each cell clipped to its width. */
  row(cells: ReadonlyArray<{ x: number; text: string; width?: number; align?: 'left' | 'right' }>, bold = false): void {
    this.room(1);
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const cell of cells) {
      const text = pdfSafeText(cell.text);
      const width = font.widthOfTextAtSize(text, fontSize);
      const x = margin + cell.x + (cell.align === 'right' && cell.width !== undefined ? cell.width - width : 0);
      this.page.drawText(text, { x, y: this.y, size: fontSize, font, color: rgb(0, 0, 0) });
    }
    this.y -= lineHeight;
  }

  /** A paragraph, wrapped to the text width. */
  paragraph(text: string, options: { bold?: boolean; size?: number } = {}): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const size = options.size ?? fontSize;
    const width = pageSize[0] - 2 * margin;
    const words = pdfSafeText(text).split(' ');
    let line = '';
    const flush = () => {
      this.room(1);
      this.page.drawText(line, { x: margin, y: this.y, size, font, color: rgb(0, 0, 0) });
      this.y -= size > fontSize ? size * 1.5 : lineHeight;
      line = '';
    };
    for (const word of words) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
        flush();
        line = word;
      } else line = candidate;
    }
    if (line !== '') flush();
  }

  heading(text: string): void {
    this.room(3);
    this.gap();
    this.paragraph(text, { bold: true, size: 11 });
  }

  gap(): void {
    this.y -= lineHeight / 2;
  }

  /** "Page n of m" on every page, once all pages exist. */
  footers(loanId: string): void {
    this.pages.forEach((page, index) => {
      const text = pdfSafeText(`Loan agreement ${loanId} - page ${index + 1} of ${this.pages.length}`);
      page.drawText(text, { x: margin, y: margin / 2, size: 7, font: this.fonts.regular, color: rgb(0.35, 0.35, 0.35) });
    });
  }
}

export async function renderAgreementPdf(agreement: LoanAgreement): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const at = new Date(agreement.generatedAt);
  document.setTitle(`Loan agreement ${agreement.loanId}`);
  document.setSubject(`Loan of CNY ${agreement.loan.amount} for ${agreement.loan.termMonths} months at ${agreement.loan.annualRatePercent}% a year`);
  document.setAuthor(pdfSafeText(agreement.parties.platform.name));
  document.setKeywords(['loan agreement', 'jie kuan he tong', agreement.loanId]);
  document.setProducer(contractPdfProducer);
  document.setCreator(contractPdfProducer);
  document.setCreationDate(at);
  document.setModificationDate(at);
  const fonts = { regular: await document.embedFont(StandardFonts.Helvetica), bold: await document.embedFont(StandardFonts.HelveticaBold) };
  const out = new Writer(document, fonts);
  const { loan, parties, fees, overdue, totals } = agreement;

  out.paragraph('LOAN AGREEMENT (Jie Kuan He Tong)', { bold: true, size: 14 });
  out.paragraph(`Agreement no. ${agreement.loanId}, version ${agreement.version}, dated ${agreement.contractDate} (Asia/Shanghai).`);
  out.paragraph(
    `Made through ${parties.platform.name}, a peer-to-peer lending information intermediary (wang luo jie dai xin xi zhong jie). The platform matches the parties and keeps the records; it does not lend, does not hold the parties' funds (which stay with the custodian bank, zi jin cun guan) and does not guarantee principal or interest.`,
  );

  out.heading('1. Parties');
  const borrower = parties.borrower;
  out.paragraph(
    `Borrower: user reference ${borrower.ref}${borrower.name ? `, name ${borrower.name}` : ''}${borrower.identity ? `, ${borrower.kind === 'enterprise' ? 'credit code' : 'ID no.'} ${borrower.identity}` : ''}${borrower.kind ? ` (${borrower.kind})` : ''}. Personal data is masked.`,
  );
  out.paragraph(`Lenders: the ${parties.investors.length} investor(s) listed in section 6, each for their share.`);
  out.paragraph(`Intermediary: ${parties.platform.name}.`);

  out.heading('2. The loan');
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

  out.heading('3. Fees');
  out.paragraph(
    `Borrower service fee (jie kuan fu wu fei): ${fees.borrowerServiceFeeRatePercent}% of the principal, CNY ${fees.borrowerServiceFee}, deducted once at disbursement; the borrower receives CNY ${fees.toBorrower}.`,
  );
  out.paragraph(`Investor management fee (tou zi guan li fei): ${fees.investorManagementFeeRatePercent}% of the interest each investor receives, deducted from each repayment.`);

  out.heading('4. Overdue terms');
  out.paragraph(
    `An installment not paid in full on its due date is overdue. Penalty interest (fa xi) accrues daily on the overdue principal and interest at ${overdue.penaltyRatePercent}% a year (actual/365), so that the contract rate plus the penalty rate never exceed the legal cap of ${overdue.legalCapPercent}% a year (${overdue.lprMultiple} x the one-year Loan Prime Rate of ${overdue.loanPrimeRatePercent}%). Repayments settle penalty, then interest, then principal, oldest installment first. After 90 days overdue the loan is in default.`,
  );

  out.heading(`5. Repayment schedule (${agreement.schedule.length} installment(s))`);
  const columns = [
    { x: 0, width: 30, label: 'No.' },
    { x: 40, width: 70, label: 'Due date' },
    { x: 120, width: 80, label: 'Principal' },
    { x: 205, width: 80, label: 'Interest' },
    { x: 290, width: 80, label: 'Total' },
    { x: 375, width: 110, label: 'Remaining principal' },
  ];
  const header = () => out.row(columns.map((column) => ({ x: column.x, width: column.width, text: column.label, align: column.x === 0 || column.x === 40 ? 'left' : 'right' })), true);
  header();
  for (const installment of agreement.schedule) {
    const values = [String(installment.number), installment.dueDate, installment.principal, installment.interest, installment.total, installment.remainingPrincipal];
    out.row(columns.map((column, index) => ({ x: column.x, width: column.width, text: values[index] ?? '', align: index < 2 ? 'left' : 'right' })));
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

  out.heading(`6. Lenders and their shares (${parties.investors.length})`);
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

  out.heading('7. Signatures');
  out.paragraph(
    "The parties sign this agreement electronically (dian zi qian ming): the platform's e-signature service signs the SHA-256 digest of this document for the borrower, each lender and the platform. The digest and the signatures are recorded by the platform; anyone entitled to this agreement can verify that it was not altered.",
  );
  out.footers(agreement.loanId);
  return document.save({ useObjectStreams: false });
}
