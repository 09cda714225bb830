/** The portfolio and statements as the API shows them: yuan strings, the investor masked. */
import type { InvestorStatement } from '../core/investor-statement';
import { yuanOf } from '../core/investor-statement';
import type { Portfolio, PortfolioFigures } from '../core/portfolio';

const figuresBody = (figures: PortfolioFigures) => ({
  invested: yuanOf(figures.investedFen),
  outstandingPrincipal: yuanOf(figures.outstandingPrincipalFen),
  receivedPrincipal: yuanOf(figures.receivedPrincipalFen),
  receivedInterest: yuanOf(figures.receivedInterestFen),
  receivedPenalty: yuanOf(figures.receivedPenaltyFen),
  feesPaid: yuanOf(figures.feesPaidFen),
  compensation: yuanOf(figures.compensationFen),
  writtenOff: yuanOf(figures.writtenOffFen),
  transferGain: yuanOf(figures.transferGainFen),
});

export function portfolioBody(portfolio: Portfolio) {
  return {
    asOf: portfolio.asOf,
    netAnnualReturnPercent: portfolio.netAnnualReturnPercent ?? null,
    total: { loans: portfolio.total.loans, ...figuresBody(portfolio.total) },
    byGrade: portfolio.grades.map((grade) => ({ grade: grade.grade, loans: grade.loans, ...figuresBody(grade) })),
    byLoan: portfolio.loans.map((loan) => ({ loanId: loan.loanId, grade: loan.grade ?? null, status: loan.status, ...figuresBody(loan) })),
    warnings: portfolio.warnings,
  };
}

export function statementBody(statement: InvestorStatement) {
  const { totals, period } = statement;
  return {
    period: period.period,
    kind: period.kind,
    from: period.from,
    to: period.to,
    investorRef: statement.investorRef,
    generatedAt: statement.generatedAt,
    totals: {
      invested: yuanOf(totals.investedFen),
      principal: yuanOf(totals.principalFen),
      interest: yuanOf(totals.interestFen),
      penalty: yuanOf(totals.penaltyFen),
      fees: yuanOf(totals.feesFen),
      compensation: yuanOf(totals.compensationFen),
      losses: yuanOf(totals.lossesFen),
      transferGains: yuanOf(totals.transferGainsFen),
      net: yuanOf(totals.netFen),
    },
    lines: statement.lines.map((line) => ({
      date: line.date,
      loanId: line.loanId,
      kind: line.kind,
      reference: line.reference,
      principal: yuanOf(line.principalFen),
      interest: yuanOf(line.interestFen),
      penalty: yuanOf(line.penaltyFen),
      fee: yuanOf(line.feeFen),
      compensation: yuanOf(line.compensationFen),
      loss: yuanOf(line.lossFen),
      transferGain: yuanOf(line.transferGainFen),
      net: yuanOf(line.netFen),
    })),
  };
}
