/**
 * The portfolio (functions/core/portfolio.ts) and the statement (functions/core/investor-statement.ts)
 * from hand-made cash flows: figures by loan, grade and total; the loss of a write-off; the
 * concentration warnings at their limits; the statement's period, lines and totals, CSV.
 */
import { buildPortfolio, writeOffLoss, type InvestorCashFlow } from '../../../functions/core/portfolio';
import { buildStatement, pastStatementPeriod, statementCsv, statementDocumentKey } from '../../../functions/core/investor-statement';
import { InvalidRequestError } from '../../../functions/core/errors';
import { ratio } from '../../../functions/core/rational';

const base = { principalFen: 0, interestFen: 0, penaltyFen: 0, feeFen: 0, compensationFen: 0, lossFen: 0, transferGainFen: 0, netFen: 0 };
const invest = (loanId: string, date: string, fen: number): InvestorCashFlow => ({ ...base, kind: 'INVESTMENT', loanId, date, at: `${date}T02:00:00.000Z`, reference: loanId, principalFen: fen, netFen: -fen });
const repay = (loanId: string, date: string, principal: number, interest: number, penalty = 0): InvestorCashFlow => {
  const fee = Math.round((interest + penalty) / 10);
  return { ...base, kind: 'REPAYMENT', loanId, date, at: `${date}T02:00:00.000Z`, reference: `${loanId}-${date}`, principalFen: principal, interestFen: interest, penaltyFen: penalty, feeFen: fee, netFen: principal + interest + penalty - fee };
};
const limits = { loanShare: ratio(1n, 5n), gradeShare: ratio(1n, 2n) };

describe('the portfolio', () => {
  const loans = [
    { loanId: 'loan-a', grade: 'A', status: 'REPAYING' },
    { loanId: 'loan-b', grade: 'B', status: 'REPAYING' },
    { loanId: 'loan-c', grade: 'B', status: 'WRITTEN_OFF' },
  ];
  const flows = [
    invest('loan-a', '2026-01-10', 600_000),
    invest('loan-b', '2026-01-10', 300_000),
    invest('loan-c', '2026-01-10', 100_000),
    repay('loan-a', '2026-02-10', 50_000, 6_000),
    repay('loan-b', '2026-02-10', 25_000, 3_000, 100),
    repay('loan-c', '2026-02-10', 10_000, 1_000),
    { ...base, kind: 'COMPENSATION' as const, loanId: 'loan-c', date: '2026-06-01', at: '2026-06-01T02:00:00.000Z', reference: 'rcomp-loan-c-1', compensationFen: 40_000, netFen: 40_000 },
  ];
  const loss = writeOffLoss('loan-c', flows);
  const all = [...flows, { ...base, kind: 'WRITE_OFF' as const, loanId: 'loan-c', date: '2026-07-01', at: '2026-07-01T02:00:00.000Z', reference: 'loan-c', lossFen: loss }];
  const portfolio = buildPortfolio(loans, all, '2026-08-01', limits);

  test('per loan, per grade and in total, exactly', () => {
    expect(loss).toBe(100_000 - 10_000 - 40_000);
    const [a, b, c] = portfolio.loans;
    expect(a).toMatchObject({ loanId: 'loan-a', investedFen: 600_000, outstandingPrincipalFen: 550_000, receivedInterestFen: 6_000, feesPaidFen: 600 });
    expect(b).toMatchObject({ outstandingPrincipalFen: 275_000, receivedPenaltyFen: 100, feesPaidFen: 310 });
    expect(c).toMatchObject({ outstandingPrincipalFen: 0, compensationFen: 40_000, writtenOffFen: 50_000, transferGainFen: 0 });
    expect(portfolio.grades.map((grade) => [grade.grade, grade.loans, grade.investedFen, grade.outstandingPrincipalFen])).toEqual([
      ['A', 1, 600_000, 550_000],
      ['B', 2, 400_000, 275_000],
    ]);
    expect(portfolio.total).toMatchObject({ loans: 3, investedFen: 1_000_000, outstandingPrincipalFen: 825_000, receivedPrincipalFen: 85_000, writtenOffFen: 50_000, transferGainFen: 0 });
  });

  test('the net annual return is a percentage with two decimals (negative here: a write-off in half a year)', () => {
    expect(portfolio.netAnnualReturnPercent).toMatch(/^-\d+\.\d{2}$/);
  });

  test('concentration: a loan above 20% and a grade above 50% of the outstanding principal are named', () => {
    expect(portfolio.warnings).toEqual([
      { kind: 'LOAN', subject: 'loan-a', sharePercent: '66.67', limitPercent: '20.00' },
      { kind: 'LOAN', subject: 'loan-b', sharePercent: '33.33', limitPercent: '20.00' },
      { kind: 'GRADE', subject: 'A', sharePercent: '66.67', limitPercent: '50.00' },
    ]);
    // At exactly the limit: no warning.
    const even = buildPortfolio(
      [1, 2, 3, 4, 5].map((index) => ({ loanId: `loan-${index}`, grade: index <= 2 ? 'A' : 'B', status: 'REPAYING' })),
      [1, 2, 3, 4, 5].map((index) => invest(`loan-${index}`, '2026-01-01', 100_000)),
      '2026-02-01',
      { loanShare: ratio(1n, 5n), gradeShare: ratio(3n, 5n) },
    );
    expect(even.warnings).toEqual([]);
  });

  test('an empty portfolio: zeros, no return, no warnings', () => {
    const empty = buildPortfolio([], [], '2026-02-01', limits);
    expect(empty.total.investedFen).toBe(0);
    expect(empty.netAnnualReturnPercent).toBeUndefined();
    expect(empty.warnings).toEqual([]);
  });
});

describe('the statement', () => {
  test('periods: a past month or year; the current or a future one, or nonsense, is a 400', () => {
    expect(pastStatementPeriod('2026-02', '2026-03-01')).toEqual({ kind: 'MONTHLY', period: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(pastStatementPeriod('2024-02', '2026-03-01').to).toBe('2024-02-29');
    expect(pastStatementPeriod('2025', '2026-01-01')).toEqual({ kind: 'ANNUAL', period: '2025', from: '2025-01-01', to: '2025-12-31' });
    expect(() => pastStatementPeriod('2026-03', '2026-03-31')).toThrow(InvalidRequestError);
    expect(() => pastStatementPeriod('2026', '2026-12-31')).toThrow(InvalidRequestError);
    expect(() => pastStatementPeriod('2026-13', '2027-01-01')).toThrow(InvalidRequestError);
    expect(statementDocumentKey('user-1', '2026-02')).toBe('statements/user-1/2026-02-v2.json');
  });

  test('the lines of the period and totals that are their sums; CSV with one row per line and per total', () => {
    const flows = [invest('loan-a', '2026-01-31', 100_000), repay('loan-a', '2026-02-01', 8_000, 1_000, 50), repay('loan-a', '2026-03-01', 8_000, 900)];
    const statement = buildStatement('user****0001', pastStatementPeriod('2026-02', '2026-03-01'), flows, '2026-03-02T00:00:00.000Z');
    expect(statement.lines).toHaveLength(1);
    expect(statement.totals).toEqual({ investedFen: 0, principalFen: 8_000, interestFen: 1_000, penaltyFen: 50, feesFen: 105, compensationFen: 0, lossesFen: 0, transferGainsFen: 0, netFen: 8_945 });
    const year = buildStatement('user****0001', pastStatementPeriod('2026', '2027-01-01'), flows, '2027-01-01T00:00:00.000Z');
    expect(year.totals.netFen).toBe(-100_000 + 8_945 + 8_810);
    const csv = statementCsv(year).split('\r\n');
    expect(csv[0]).toBe('date,loan,kind,reference,principal,interest,penalty,fee,compensation,loss,transfer gain,net');
    expect(csv[1]).toBe('2026-01-31,loan-a,INVESTMENT,loan-a,1000.00,0.00,0.00,0.00,0.00,0.00,0.00,-1000.00');
    expect(csv).toContain('total,,net,,-822.45');
    expect(csv).toContain('total,,transferGains,,0.00');
  });
});
