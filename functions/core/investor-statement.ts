/**
 * An investor's statement (对账单) for a past month ("2026-11") or year ("2026"), pure:
 * every cash flow of the period (./portfolio.ts) with its date and loan, and the
 * period's totals: invested, principal, interest income, penalty interest, management
 * fees, compensation, written-off losses, transfer gains and losses (debt transfers sold,
 * and purchases' discounts and premiums once the loan closed; ./portfolio.ts) and the net movement of the investor's custody account. The totals are sums of the
 * lines in integer fen, so they equal the ledger's movements to the fen.
 *
 * A statement is made once, for a period that has ended (Asia/Shanghai business dates),
 * and stored (statementDocumentKey); a later request returns the stored one, unchanged.
 */
import { InvalidRequestError } from './errors';
import { fen, formatYuan } from './money';
import type { InvestorCashFlow, InvestorCashFlowKind } from './portfolio';

/** 2: debt transfers (sales, purchases, realised gains) are lines, with a transfer-gain column. */
export const statementVersion = 2;

export interface StatementPeriod {
  readonly kind: 'MONTHLY' | 'ANNUAL';
  /** "2026-11" or "2026". */
  readonly period: string;
  /** First and last business date, inclusive. */
  readonly from: string;
  readonly to: string;
}

export const statementPeriodPattern = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

const lastDay = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period a "YYYY-MM" or "YYYY" names, if it has ended before `today` (a business date); else a 400. */
export function pastStatementPeriod(period: string, today: string): StatementPeriod {
  const match = statementPeriodPattern.exec(period);
  if (!match) throw new InvalidRequestError('the period is a month (YYYY-MM) or a year (YYYY)', [{ path: 'period', message: 'YYYY-MM or YYYY' }]);
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const from = `${match[1]}-${match[2] ?? '01'}-01`;
  const to = month === undefined ? `${match[1]}-12-31` : `${match[1]}-${match[2]}-${String(lastDay(year, month)).padStart(2, '0')}`;
  if (to >= today) throw new InvalidRequestError(`the period ${period} has not ended: statements are made for past periods`, [{ path: 'period', message: 'must have ended' }]);
  return { kind: month === undefined ? 'ANNUAL' : 'MONTHLY', period, from, to };
}

/** Where the statement is stored, once: under the investor's id, which only the investor's own route reads. */
export const statementDocumentKey = (investorId: string, period: string): string => `statements/${investorId}/${period}-v${statementVersion}.json`;

export interface StatementTotals {
  readonly investedFen: number;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  readonly feesFen: number;
  readonly compensationFen: number;
  readonly lossesFen: number;
  /** Sales' price − value and realised discounts less premiums (negative: a loss). */
  readonly transferGainsFen: number;
  /** The net movement of the custody account: received (net of fees), sale proceeds and compensation less invested and purchases paid. */
  readonly netFen: number;
}

export interface InvestorStatement {
  readonly version: number;
  /** The investor as the statement names them: a masked reference. */
  readonly investorRef: string;
  readonly period: StatementPeriod;
  readonly generatedAt: string;
  readonly lines: readonly InvestorCashFlow[];
  readonly totals: StatementTotals;
}

export function buildStatement(investorRef: string, period: StatementPeriod, flows: readonly InvestorCashFlow[], generatedAt: string): InvestorStatement {
  const lines = flows.filter((flow) => flow.date >= period.from && flow.date <= period.to);
  const sum = (pick: (flow: InvestorCashFlow) => number, kinds?: readonly InvestorCashFlowKind[]) => lines.reduce((total, flow) => total + (kinds === undefined || kinds.includes(flow.kind) ? pick(flow) : 0), 0);
  const totals: StatementTotals = {
    investedFen: sum((flow) => flow.principalFen, ['INVESTMENT', 'TRANSFER_PURCHASE']),
    principalFen: sum((flow) => flow.principalFen, ['REPAYMENT', 'TRANSFER_SALE']),
    interestFen: sum((flow) => flow.interestFen),
    penaltyFen: sum((flow) => flow.penaltyFen),
    feesFen: sum((flow) => flow.feeFen),
    compensationFen: sum((flow) => flow.compensationFen),
    lossesFen: sum((flow) => flow.lossFen),
    transferGainsFen: sum((flow) => flow.transferGainFen),
    netFen: sum((flow) => flow.netFen),
  };
  return { version: statementVersion, investorRef, period, generatedAt, lines, totals };
}

export const yuanOf = (amountFen: number): string => formatYuan(fen(amountFen));

export const statementKindNames: Readonly<Record<InvestorCashFlowKind, string>> = {
  INVESTMENT: '出借 investment',
  REPAYMENT: '回款 repayment',
  COMPENSATION: '代偿 compensation',
  WRITE_OFF: '核销 write-off',
  TRANSFER_SALE: '债权转让 transfer sold',
  TRANSFER_PURCHASE: '债权受让 transfer bought',
  TRANSFER_GAIN: '转让损益 transfer gain realised',
};

export const statementTotalNames: ReadonlyArray<readonly [keyof StatementTotals, string]> = [
  ['investedFen', '出借本金 Invested'],
  ['principalFen', '回收本金 Principal received'],
  ['interestFen', '利息收入 Interest income'],
  ['penaltyFen', '罚息 Penalty interest'],
  ['feesFen', '管理费 Management fees'],
  ['compensationFen', '代偿 Compensation'],
  ['lossesFen', '核销损失 Written-off losses'],
  ['transferGainsFen', '转让损益 Transfer gains'],
  ['netFen', '净额 Net to custody account'],
];

const csvCell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The statement as CSV (UTF-8, CRLF): one row per cash flow, then one per total; amounts in yuan. */
export function statementCsv(statement: InvestorStatement): string {
  const rows: string[][] = [['date', 'loan', 'kind', 'reference', 'principal', 'interest', 'penalty', 'fee', 'compensation', 'loss', 'transfer gain', 'net']];
  for (const line of statement.lines) {
    rows.push([line.date, line.loanId, line.kind, line.reference, ...[line.principalFen, line.interestFen, line.penaltyFen, line.feeFen, line.compensationFen, line.lossFen, line.transferGainFen, line.netFen].map(yuanOf)]);
  }
  for (const [name] of statementTotalNames) rows.push(['total', '', name.replace(/Fen$/, ''), '', yuanOf(statement.totals[name])]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
