/**
 * An investor's portfolio (GET /v1/me/portfolio): their cash flows (./investor-cash-flows.ts)
 * as figures by loan, by grade and in total, the net annual return (XIRR) as of today's
 * business date, and the concentration warnings by the policy's limits
 * (functions/core/portfolio.ts).
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { buildPortfolio, type Portfolio } from '../core/portfolio';
import type { Ratio } from '../core/rational';
import { investorCashFlows, type InvestorCashFlowPorts } from './investor-cash-flows';

export interface InvestorPortfolioPorts extends InvestorCashFlowPorts {
  readonly policy: { portfolioLoanShareLimit(): Ratio; portfolioGradeShareLimit(): Ratio };
}

export async function investorPortfolio(ports: InvestorPortfolioPorts, investorId: string, at: Date): Promise<Portfolio> {
  const { loans, flows } = await investorCashFlows(ports, investorId);
  return buildPortfolio(loans, flows, businessDate(at, platformTimeZone), {
    loanShare: ports.policy.portfolioLoanShareLimit(),
    gradeShare: ports.policy.portfolioGradeShareLimit(),
  });
}
