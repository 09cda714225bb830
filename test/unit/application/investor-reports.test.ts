/**
 * The investor's cash flows, portfolio and statements (functions/application/investor-*.ts)
 * against in-memory records and a folder document store: only the investor's own shares
 * of confirmed repayments; compensation and a write-off's loss; the statement stored once
 * and returned unchanged when the records change or two first requests race; its CSV and
 * PDF (Chinese read back by pdftotext).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderDocumentStore } from '../../../functions/adapters/documents/document-store';
import { renderStatementPdf } from '../../../functions/adapters/documents/statement-pdf';
import { investorCashFlows, type InvestorCashFlowPorts } from '../../../functions/application/investor-cash-flows';
import { investorPortfolio } from '../../../functions/application/investor-portfolio';
import { investorStatement, investorStatementDocument, type InvestorStatementPorts } from '../../../functions/application/investor-statements';
import type { HoldingRecord, RepaymentRecord } from '../../../functions/application/ports/servicing';
import type { RiskReserveDecision } from '../../../functions/application/ports/risk-reserve';
import { InvalidRequestError } from '../../../functions/core/errors';
import { maskedUserRef } from '../../../functions/core/loan-agreement';
import type { LoanRecord } from '../../../functions/core/loan-lifecycle';
import { ratio } from '../../../functions/core/rational';
import { pdfText } from '../../support/pdf-text';

const me = 'user-investor-0001';
const other = 'user-investor-0002';

const loan = (loanId: string, grade: string, status: LoanRecord['status'], extra: Record<string, unknown> = {}): LoanRecord =>
  ({ loanId, borrowerId: 'user-borrower', amountFen: 1_000_000, termMonths: 12, status, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-05T00:00:00.000Z', grade, disbursedAt: '2026-01-05T02:00:00.000Z', ...extra }) as LoanRecord;

const share = (investorId: string, principalFen: number, interestFen: number) => {
  const feeFen = Math.round(interestFen / 10);
  return { investorId, principalFen, interestFen, penaltyFen: 0, feeFen, netFen: principalFen + interestFen - feeFen };
};

const repayment = (loanId: string, number: number, confirmedAt: string, status: RepaymentRecord['status'], distribution: RepaymentRecord['distribution']): RepaymentRecord =>
  ({ repaymentId: `${loanId}-r${number}`, loanId, number, status, confirmedAt, updatedAt: confirmedAt, distribution }) as unknown as RepaymentRecord;

function world() {
  const holdings: HoldingRecord[] = [
    { investorId: me, loanId: 'loan-a', principalInvestedFen: 600_000 },
    { investorId: me, loanId: 'loan-b', principalInvestedFen: 100_000, receivedCompensationFen: 30_000 },
  ];
  const loans = new Map([
    ['loan-a', loan('loan-a', 'A', 'REPAYING')],
    ['loan-b', loan('loan-b', 'C', 'WRITTEN_OFF', { writtenOffAt: '2026-04-10T02:00:00.000Z' })],
  ]);
  const repayments = new Map<string, RepaymentRecord[]>([
    [
      'loan-a',
      [
        repayment('loan-a', 1, '2026-02-05T02:00:00.000Z', 'CONFIRMED', [share(me, 50_000, 6_000), share(other, 50_000, 6_000)]),
        repayment('loan-a', 2, '2026-03-05T02:00:00.000Z', 'FAILED', [share(me, 50_000, 5_500)]),
        repayment('loan-a', 3, '2026-03-06T02:00:00.000Z', 'CONFIRMED', [share(me, 50_000, 5_500)]),
      ],
    ],
    ['loan-b', [repayment('loan-b', 1, '2026-02-05T02:00:00.000Z', 'CONFIRMED', [share(me, 10_000, 1_000)])]],
  ]);
  const decision = { loanId: 'loan-b', status: 'PAID', paidAt: '2026-04-01T02:00:00.000Z', paymentId: 'rcomp-loan-b-1', shares: [{ investorId: me, amountFen: 30_000 }, { investorId: other, amountFen: 1 }] } as unknown as RiskReserveDecision;
  const ports: InvestorCashFlowPorts = {
    holdings: { holdingsOf: async (investorId) => holdings.filter((holding) => holding.investorId === investorId) },
    loans: { findLoan: async (loanId) => loans.get(loanId) },
    repayments: { repaymentsOf: async (loanId) => repayments.get(loanId) ?? [] },
    compensations: { findDecision: async (loanId) => (loanId === 'loan-b' ? decision : undefined) },
  };
  return { ports, repayments };
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'statements-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('cash flows: the investment at disbursement, only my shares of confirmed repayments, compensation, and a write-off of what was outstanding', async () => {
  const { flows } = await investorCashFlows(world().ports, me);
  expect(flows.map((flow) => [flow.date, flow.kind, flow.loanId, flow.netFen])).toEqual([
    ['2026-01-05', 'INVESTMENT', 'loan-a', -600_000],
    ['2026-01-05', 'INVESTMENT', 'loan-b', -100_000],
    ['2026-02-05', 'REPAYMENT', 'loan-a', 55_400],
    ['2026-02-05', 'REPAYMENT', 'loan-b', 10_900],
    ['2026-03-06', 'REPAYMENT', 'loan-a', 54_950],
    ['2026-04-01', 'COMPENSATION', 'loan-b', 30_000],
    ['2026-04-10', 'WRITE_OFF', 'loan-b', 0],
  ]);
  expect(flows.at(-1)!.lossFen).toBe(100_000 - 10_000 - 30_000);
});

test('the portfolio: by loan, grade and total; the return; a concentration warning by the policy', async () => {
  const policy = { portfolioLoanShareLimit: () => ratio(1n, 5n), portfolioGradeShareLimit: () => ratio(1n, 2n) };
  const portfolio = await investorPortfolio({ ...world().ports, policy }, me, new Date('2026-05-01T00:00:00.000Z'));
  expect(portfolio.asOf).toBe('2026-05-01');
  expect(portfolio.total).toMatchObject({ loans: 2, investedFen: 700_000, outstandingPrincipalFen: 500_000, receivedPrincipalFen: 110_000, receivedInterestFen: 12_500, feesPaidFen: 1_250, compensationFen: 30_000, writtenOffFen: 60_000, transferGainFen: 0 });
  expect(portfolio.grades.map((grade) => grade.grade)).toEqual(['A', 'C']);
  expect(portfolio.netAnnualReturnPercent).toMatch(/^-\d+\.\d{2}$/);
  expect(portfolio.warnings).toEqual([
    { kind: 'LOAN', subject: 'loan-a', sharePercent: '100.00', limitPercent: '20.00' },
    { kind: 'GRADE', subject: 'A', sharePercent: '100.00', limitPercent: '50.00' },
  ]);
  // Another investor sees only their own.
  expect((await investorPortfolio({ ...world().ports, policy }, other, new Date('2026-05-01T00:00:00.000Z'))).total.loans).toBe(0);
});

test('a statement is made once and stored: later requests, changed records and a racing first request all get the same one', async () => {
  const { ports, repayments } = world();
  const store = new FolderDocumentStore(folder);
  const statementPorts: InvestorStatementPorts = { ...ports, documents: () => store, renderer: { renderStatementPdf } };
  await expect(investorStatement(statementPorts, me, '2026-05', new Date('2026-05-20T00:00:00.000Z'))).rejects.toBeInstanceOf(InvalidRequestError);
  const [first, racing] = await Promise.all([
    investorStatement(statementPorts, me, '2026-02', new Date('2026-05-01T00:00:00.000Z')),
    investorStatement(statementPorts, me, '2026-02', new Date('2026-05-01T00:00:01.000Z')),
  ]);
  expect(racing).toEqual(first);
  expect(first.totals).toMatchObject({ principalFen: 60_000, interestFen: 7_000, feesFen: 700, netFen: 66_300, transferGainsFen: 0 });
  repayments.get('loan-a')!.push(repayment('loan-a', 9, '2026-02-20T02:00:00.000Z', 'CONFIRMED', [share(me, 1, 1)]));
  expect(await investorStatement(statementPorts, me, '2026-02', new Date('2026-06-01T00:00:00.000Z'))).toEqual(first);
  // The same period for another investor (no holdings of their own here) is their own, empty statement: none of mine.
  const theirs = await investorStatement(statementPorts, other, '2026-02', new Date('2026-06-01T00:00:00.000Z'));
  expect(theirs.investorRef).toBe(maskedUserRef(other));
  expect(theirs.lines).toEqual([]);
  expect(theirs.totals.netFen).toBe(0);
});

test('CSV and PDF from the stored statement: the same bytes each time; the PDF reads back in Chinese', async () => {
  const store = new FolderDocumentStore(folder);
  const statementPorts: InvestorStatementPorts = { ...world().ports, documents: () => store, renderer: { renderStatementPdf } };
  const at = new Date('2027-01-02T00:00:00.000Z');
  const csv = await investorStatementDocument(statementPorts, me, '2026', 'csv', at);
  expect(new TextDecoder().decode(csv.bytes)).toContain('2026-04-10,loan-b,WRITE_OFF,loan-b,0.00,0.00,0.00,0.00,0.00,600.00,0.00');
  const pdf = await investorStatementDocument(statementPorts, me, '2026', 'pdf', at);
  const again = await investorStatementDocument(statementPorts, me, '2026', 'pdf', new Date('2027-02-01T00:00:00.000Z'));
  expect(Buffer.from(again.bytes!).equals(Buffer.from(pdf.bytes!))).toBe(true);
  const text = pdfText(pdf.bytes!);
  expect(text).toContain('年度对账单 Annual statement 2026');
  expect(text).toMatch(/日期 借款 类型 本金 利息 罚息 费用 净额/);
  expect(text).toContain('核销 write-off');
  expect(text).toContain(maskedUserRef(me));
  expect(pdf.bytes!.byteLength).toBeLessThan(100_000);
}, 60_000);
