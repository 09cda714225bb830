/**
 * The investor's cash flows, portfolio and statements (functions/application/investor-*.ts)
 * against in-memory records and a folder document store: only the investor's own shares
 * of confirmed repayments; compensation and a write-off's loss; the statement stored once
 * and returned unchanged when the records change or two first requests race; its CSV and
 * PDF (Chinese read back by pdftotext); debt transfers on both sides, their gains exactly in fen.
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
import type { TransferOffer, TransferPurchase } from '../../../functions/application/ports/transfers';
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
    transfers: { offersOfSeller: async () => [], purchasesOfBuyer: async () => [], findPurchase: async () => undefined },
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
  expect(new TextDecoder().decode(csv.bytes)).toContain('2026-04-10,loan-b,WRITE_OFF,loan-b,0.00,0.00,0.00,0.00,0.00,600.00,0.00,0.00');
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

describe('debt transfers in the cash flows, the portfolio and the statements', () => {
  // The seller (me) funded 100,000 fen; after one repayment sold half (stake 50,000, of which 4,000 already
  // repaid: 46,000 outstanding) valued 46,200 with its accrued interest, for 45,000 less a 225 fee, to the buyer (other).
  const purchase: TransferPurchase = {
    purchaseId: 'tpu-1',
    offerId: 'tof-1',
    loanId: 'loan-t',
    sellerId: me,
    buyerId: other,
    partFen: 50_000,
    priceFen: 45_000,
    feeFen: 225,
    legs: [],
    status: 'SETTLED',
    createdAt: '2026-03-19T02:00:00.000Z',
    updatedAt: '2026-03-20T02:00:00.000Z',
    part: { stakeFen: 50_000, receivedPrincipalFen: 4_000, receivedInterestFen: 500, receivedPenaltyFen: 0 },
    valueFen: 46_200,
    settledAt: '2026-03-20T02:00:00.000Z',
  };
  const offer = { offerId: 'tof-1', loanId: 'loan-t', sellerId: me, status: 'SOLD', purchaseId: 'tpu-1' } as TransferOffer;
  /** The records as they stood at `asOf`: the loan's status then and the repayments confirmed by then. */
  function transferWorld(status: LoanRecord['status'], asOf = '2026-06-01'): InvestorCashFlowPorts {
    const holdings: HoldingRecord[] = [
      { investorId: me, loanId: 'loan-t', principalInvestedFen: 50_000, soldStakeFen: 50_000 },
      { investorId: other, loanId: 'loan-t', principalInvestedFen: 50_000, acquiredAt: purchase.settledAt! },
    ];
    const repayments = [
      repayment('loan-t', 1, '2026-02-05T02:00:00.000Z', 'CONFIRMED', [share(me, 8_000, 1_000)]),
      repayment('loan-t', 2, '2026-04-05T02:00:00.000Z', 'CONFIRMED', [share(me, 4_000, 460), share(other, 4_000, 460)]),
      repayment('loan-t', 3, '2026-05-05T02:00:00.000Z', 'CONFIRMED', [share(me, 42_000, 420), share(other, 42_000, 420)]),
    ];
    return {
      holdings: { holdingsOf: async (investorId) => holdings.filter((holding) => holding.investorId === investorId) },
      loans: { findLoan: async () => loan('loan-t', 'B', status) },
      repayments: { repaymentsOf: async () => repayments.filter((made) => made.confirmedAt! < asOf) },
      compensations: { findDecision: async () => undefined },
      transfers: {
        offersOfSeller: async (sellerId) => (sellerId === me ? [offer] : []),
        purchasesOfBuyer: async (buyerId) => (buyerId === other ? [purchase, { ...purchase, purchaseId: 'tpu-2', status: 'FAILED' }] : []),
        findPurchase: async (purchaseId) => (purchaseId === 'tpu-1' ? purchase : undefined),
      },
    };
  }
  const policy = { portfolioLoanShareLimit: () => ratio(1n, 1n), portfolioGradeShareLimit: () => ratio(1n, 1n) };
  const asOf = new Date('2026-06-01T00:00:00.000Z');

  test('the seller: the whole stake invested, the sale as principal and accrued interest received, its fee, and price − value as a loss', async () => {
    const { flows } = await investorCashFlows(transferWorld('SETTLED'), me);
    expect(flows.map((flow) => [flow.date, flow.kind, flow.principalFen, flow.interestFen, flow.feeFen, flow.transferGainFen, flow.netFen])).toEqual([
      ['2026-01-05', 'INVESTMENT', 100_000, 0, 0, 0, -100_000],
      ['2026-02-05', 'REPAYMENT', 8_000, 1_000, 100, 0, 8_900],
      ['2026-03-20', 'TRANSFER_SALE', 46_000, 200, 225, -1_200, 44_775],
      ['2026-04-05', 'REPAYMENT', 4_000, 460, 46, 0, 4_414],
      ['2026-05-05', 'REPAYMENT', 42_000, 420, 42, 0, 42_378],
    ]);
    const portfolio = await investorPortfolio({ ...transferWorld('SETTLED'), policy }, me, asOf);
    expect(portfolio.loans[0]).toMatchObject({ investedFen: 100_000, receivedPrincipalFen: 100_000, outstandingPrincipalFen: 0, receivedInterestFen: 2_080, feesPaidFen: 413, transferGainFen: -1_200 });
    expect(portfolio.grades[0]).toMatchObject({ grade: 'B', transferGainFen: -1_200 });
    expect(portfolio.total.transferGainFen).toBe(-1_200);
    // While the loan is repaying, the seller's remaining half is outstanding: 100,000 − 8,000 − 46,000.
    expect((await investorPortfolio({ ...transferWorld('REPAYING', '2026-03-25'), policy }, me, new Date('2026-03-25T00:00:00.000Z'))).total.outstandingPrincipalFen).toBe(46_000);
  });

  test("the buyer: the principal bought invested, the accrued interest paid for as negative interest; the discount realised when the loan closes, the seller's loss exactly", async () => {
    const repaying = await investorPortfolio({ ...transferWorld('REPAYING', '2026-04-10'), policy }, other, new Date('2026-04-10T00:00:00.000Z'));
    expect(repaying.total).toMatchObject({ investedFen: 46_000, outstandingPrincipalFen: 42_000, receivedInterestFen: 260, transferGainFen: 0 });
    const { flows } = await investorCashFlows(transferWorld('SETTLED'), other);
    expect(flows.map((flow) => [flow.date, flow.kind, flow.principalFen, flow.interestFen, flow.transferGainFen, flow.netFen])).toEqual([
      ['2026-03-20', 'TRANSFER_PURCHASE', 46_000, -200, 0, -45_000],
      ['2026-04-05', 'REPAYMENT', 4_000, 460, 0, 4_414],
      ['2026-05-05', 'REPAYMENT', 42_000, 420, 0, 42_378],
      ['2026-05-05', 'TRANSFER_GAIN', 0, 0, 1_200, 0],
    ]);
    const buyer = await investorPortfolio({ ...transferWorld('SETTLED'), policy }, other, asOf);
    const seller = await investorPortfolio({ ...transferWorld('SETTLED'), policy }, me, asOf);
    expect(buyer.total).toMatchObject({ investedFen: 46_000, receivedPrincipalFen: 46_000, outstandingPrincipalFen: 0, transferGainFen: 1_200 });
    // What one side gains the other loses (the fee aside, which is the seller's fee paid).
    expect(buyer.total.transferGainFen + seller.total.transferGainFen).toBe(0);
    expect(buyer.netAnnualReturnPercent).toMatch(/^\d+\.\d{2}$/);
  });

  test('statements: the sale in the seller\'s month, the realised gain in the buyer\'s; totals are the lines\' sums', async () => {
    const store = new FolderDocumentStore(folder);
    const ports = (world: InvestorCashFlowPorts): InvestorStatementPorts => ({ ...world, documents: () => store, renderer: { renderStatementPdf } });
    const march = await investorStatement(ports(transferWorld('SETTLED')), me, '2026-03', asOf);
    expect(march.lines.map((line) => line.kind)).toEqual(['TRANSFER_SALE']);
    expect(march.totals).toMatchObject({ principalFen: 46_000, interestFen: 200, feesFen: 225, transferGainsFen: -1_200, netFen: 44_775 });
    const bought = await investorStatement(ports(transferWorld('SETTLED')), other, '2026-03', asOf);
    expect(bought.totals).toMatchObject({ investedFen: 46_000, interestFen: -200, transferGainsFen: 0, netFen: -45_000 });
    const may = await investorStatement(ports(transferWorld('SETTLED')), other, '2026-05', asOf);
    expect(may.totals).toMatchObject({ principalFen: 42_000, transferGainsFen: 1_200, netFen: 42_378 });
    const csv = await investorStatementDocument(ports(transferWorld('SETTLED')), me, '2026-03', 'csv', asOf);
    expect(new TextDecoder().decode(csv.bytes)).toContain('2026-03-20,loan-t,TRANSFER_SALE,tpu-1,460.00,2.00,0.00,2.25,0.00,0.00,-12.00,447.75');
  });
});
