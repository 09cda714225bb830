/**
 * An investor's dated cash flows (functions/core/portfolio.ts), read from the records the
 * money-moving use cases wrote, each of which went with its ledger entry in one
 * transaction: the holdings (one per loan, made at disbursement), the loan (its
 * disbursement and write-off instants), the loan's confirmed repayments (the investor's
 * share of each) and the risk reserve's paid compensation (the investor's share).
 * One query for the holdings, then a few reads per loan held.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import type { LoanRecord } from '../core/loan-lifecycle';
import { writeOffLoss, type InvestorCashFlow, type PortfolioLoan } from '../core/portfolio';
import type { HoldingRecord, RepaymentRecord } from './ports/servicing';
import type { RiskReserveDecision } from './ports/risk-reserve';

export interface InvestorCashFlowPorts {
  readonly holdings: { holdingsOf(investorId: string): Promise<HoldingRecord[]> };
  readonly loans: { findLoan(loanId: string): Promise<LoanRecord | undefined> };
  readonly repayments: { repaymentsOf(loanId: string): Promise<RepaymentRecord[]> };
  readonly compensations: { findDecision(loanId: string): Promise<RiskReserveDecision | undefined> };
}

const dateOf = (at: string): string => businessDate(new Date(at), platformTimeZone);

const flow = (fields: Pick<InvestorCashFlow, 'kind' | 'loanId' | 'at' | 'reference'> & Partial<InvestorCashFlow>): InvestorCashFlow => ({
  date: dateOf(fields.at),
  principalFen: 0,
  interestFen: 0,
  penaltyFen: 0,
  feeFen: 0,
  compensationFen: 0,
  lossFen: 0,
  netFen: 0,
  ...fields,
});

async function flowsOfHolding(ports: InvestorCashFlowPorts, holding: HoldingRecord, loan: LoanRecord): Promise<InvestorCashFlow[]> {
  const { investorId, loanId } = holding;
  const flows: InvestorCashFlow[] = [];
  const investedAt = loan.disbursedAt ?? holding.createdAt ?? loan.updatedAt;
  flows.push(flow({ kind: 'INVESTMENT', loanId, at: investedAt, reference: loanId, principalFen: holding.principalInvestedFen, netFen: -holding.principalInvestedFen }));
  for (const repayment of await ports.repayments.repaymentsOf(loanId)) {
    const share = repayment.status === 'CONFIRMED' ? repayment.distribution.find((candidate) => candidate.investorId === investorId) : undefined;
    if (!share) continue;
    flows.push(
      flow({
        kind: 'REPAYMENT',
        loanId,
        at: repayment.confirmedAt ?? repayment.updatedAt,
        reference: repayment.repaymentId,
        principalFen: share.principalFen,
        interestFen: share.interestFen,
        penaltyFen: share.penaltyFen,
        feeFen: share.feeFen,
        netFen: share.netFen,
      }),
    );
  }
  if ((holding.receivedCompensationFen ?? 0) > 0) {
    const decision = await ports.compensations.findDecision(loanId);
    const share = decision?.status === 'PAID' ? decision.shares?.find((candidate) => candidate.investorId === investorId) : undefined;
    if (decision?.paidAt && share && share.amountFen > 0) {
      flows.push(flow({ kind: 'COMPENSATION', loanId, at: decision.paidAt, reference: decision.paymentId ?? loanId, compensationFen: share.amountFen, netFen: share.amountFen }));
    }
  }
  const writtenOffAt = (loan as LoanRecord & { writtenOffAt?: string }).writtenOffAt;
  if (loan.status === 'WRITTEN_OFF' && writtenOffAt) {
    const lossFen = writeOffLoss(loanId, flows.filter((earlier) => earlier.at <= writtenOffAt));
    flows.push(flow({ kind: 'WRITE_OFF', loanId, at: writtenOffAt, reference: loanId, lossFen }));
  }
  return flows;
}

/** Every flow of the investor, oldest first (ties in a fixed order), and the loans they hold. */
export async function investorCashFlows(ports: InvestorCashFlowPorts, investorId: string): Promise<{ loans: PortfolioLoan[]; flows: InvestorCashFlow[] }> {
  const holdings = await ports.holdings.holdingsOf(investorId);
  const loans: PortfolioLoan[] = [];
  const flows: InvestorCashFlow[] = [];
  for (const holding of holdings) {
    const loan = await ports.loans.findLoan(holding.loanId);
    if (!loan) continue;
    loans.push({ loanId: loan.loanId, grade: loan.grade, status: loan.status });
    flows.push(...(await flowsOfHolding(ports, holding, loan)));
  }
  const order = (a: InvestorCashFlow, b: InvestorCashFlow) => a.at.localeCompare(b.at) || a.loanId.localeCompare(b.loanId) || a.reference.localeCompare(b.reference) || a.kind.localeCompare(b.kind);
  return { loans, flows: flows.sort(order) };
}
