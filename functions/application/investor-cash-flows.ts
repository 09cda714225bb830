/**
 * An investor's dated cash flows (functions/core/portfolio.ts), read from the records the
 * money-moving use cases wrote, each of which went with its ledger entry in one
 * transaction: the holdings (one per loan, made at disbursement), the loan (its
 * disbursement and write-off instants), the loan's confirmed repayments (the investor's
 * share of each), the risk reserve's paid compensation (the investor's share) and the
 * debt transfers the investor sold or bought that the bank settled (core/portfolio.ts
 * saleAmounts, purchaseAmounts, unrealisedGain). One query each for the holdings, the
 * offers and the purchases, then a few reads per loan held.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import type { LoanRecord } from '../core/loan-lifecycle';
import { purchaseAmounts, saleAmounts, unrealisedGain, writeOffLoss, type InvestorCashFlow, type PortfolioLoan, type SettledTransfer } from '../core/portfolio';
import type { HoldingRecord, RepaymentRecord } from './ports/servicing';
import type { RiskReserveDecision } from './ports/risk-reserve';
import type { TransferPurchase, TransferRecords } from './ports/transfers';

export interface InvestorCashFlowPorts {
  readonly holdings: { holdingsOf(investorId: string): Promise<HoldingRecord[]> };
  readonly loans: { findLoan(loanId: string): Promise<LoanRecord | undefined> };
  readonly repayments: { repaymentsOf(loanId: string): Promise<RepaymentRecord[]> };
  readonly compensations: { findDecision(loanId: string): Promise<RiskReserveDecision | undefined> };
  readonly transfers: Pick<TransferRecords, 'offersOfSeller' | 'purchasesOfBuyer' | 'findPurchase'>;
}

/** A purchase the bank settled, with the part that moved and its value at the sale. */
type SettledPurchase = TransferPurchase & { readonly part: NonNullable<TransferPurchase['part']>; readonly settledAt: string };

const isSettled = (purchase: TransferPurchase | undefined): purchase is SettledPurchase => purchase?.status === 'SETTLED' && purchase.part !== undefined && purchase.settledAt !== undefined;

function settledTransfer(purchase: SettledPurchase): SettledTransfer {
  const outstandingPrincipalFen = purchase.part.stakeFen - purchase.part.receivedPrincipalFen;
  // A purchase settled before values were kept counts its price as its value (no gain).
  return { outstandingPrincipalFen, valueFen: purchase.valueFen ?? purchase.priceFen, priceFen: purchase.priceFen, feeFen: purchase.feeFen };
}

/** The investor's settled sales and purchases of debt transfers. */
async function settledTransfersOf(ports: InvestorCashFlowPorts, investorId: string): Promise<{ sold: SettledPurchase[]; bought: SettledPurchase[] }> {
  const [offers, purchases] = await Promise.all([ports.transfers.offersOfSeller(investorId), ports.transfers.purchasesOfBuyer(investorId)]);
  const sold = await Promise.all(offers.filter((offer) => offer.status === 'SOLD' && offer.purchaseId).map((offer) => ports.transfers.findPurchase(offer.purchaseId!)));
  return { sold: sold.filter(isSettled), bought: purchases.filter(isSettled) };
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
  transferGainFen: 0,
  netFen: 0,
  ...fields,
});

async function flowsOfHolding(ports: InvestorCashFlowPorts, holding: HoldingRecord, loan: LoanRecord, transfers: { sold: SettledPurchase[]; bought: SettledPurchase[] }): Promise<InvestorCashFlow[]> {
  const { investorId, loanId } = holding;
  const flows: InvestorCashFlow[] = [];
  const sold = transfers.sold.filter((purchase) => purchase.loanId === loanId);
  const bought = transfers.bought.filter((purchase) => purchase.loanId === loanId);
  // What the investor funded at disbursement: the stake held now, plus the stakes sold, less those bought.
  const fundedFen = holding.principalInvestedFen + (holding.soldStakeFen ?? 0) - bought.reduce((sum, purchase) => sum + purchase.part.stakeFen, 0);
  if (fundedFen > 0) {
    const investedAt = loan.disbursedAt ?? holding.createdAt ?? loan.updatedAt;
    flows.push(flow({ kind: 'INVESTMENT', loanId, at: investedAt, reference: loanId, principalFen: fundedFen, netFen: -fundedFen }));
  }
  for (const purchase of sold) flows.push(flow({ kind: 'TRANSFER_SALE', loanId, at: purchase.settledAt, reference: purchase.purchaseId, ...saleAmounts(settledTransfer(purchase)) }));
  for (const purchase of bought) flows.push(flow({ kind: 'TRANSFER_PURCHASE', loanId, at: purchase.settledAt, reference: purchase.purchaseId, ...purchaseAmounts(settledTransfer(purchase)) }));
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
  // The purchases' discounts less premiums are realised when the loan closes: its write-off, or the last repayment share of a settled loan.
  const closedAt = loan.status === 'WRITTEN_OFF' ? writtenOffAt : loan.status === 'SETTLED' ? flows.filter((earlier) => earlier.kind === 'REPAYMENT').map((earlier) => earlier.at).sort().at(-1) : undefined;
  const gainFen = bought.reduce((sum, purchase) => sum + unrealisedGain(settledTransfer(purchase)), 0);
  if (closedAt && bought.length > 0) flows.push(flow({ kind: 'TRANSFER_GAIN', loanId, at: closedAt, reference: loanId, transferGainFen: gainFen }));
  return flows;
}

/** Every flow of the investor, oldest first (ties in a fixed order), and the loans they hold. */
export async function investorCashFlows(ports: InvestorCashFlowPorts, investorId: string): Promise<{ loans: PortfolioLoan[]; flows: InvestorCashFlow[] }> {
  const [holdings, transfers] = await Promise.all([ports.holdings.holdingsOf(investorId), settledTransfersOf(ports, investorId)]);
  const loans: PortfolioLoan[] = [];
  const flows: InvestorCashFlow[] = [];
  for (const holding of holdings) {
    const loan = await ports.loans.findLoan(holding.loanId);
    if (!loan) continue;
    loans.push({ loanId: loan.loanId, grade: loan.grade, status: loan.status });
    flows.push(...(await flowsOfHolding(ports, holding, loan, transfers)));
  }
  // At one instant, the flows that move no money (a write-off, a realisation) come after those that do.
  const moneyless = (flow: InvestorCashFlow) => (flow.kind === 'WRITE_OFF' || flow.kind === 'TRANSFER_GAIN' ? 1 : 0);
  const order = (a: InvestorCashFlow, b: InvestorCashFlow) =>
    a.at.localeCompare(b.at) || a.loanId.localeCompare(b.loanId) || moneyless(a) - moneyless(b) || a.reference.localeCompare(b.reference) || a.kind.localeCompare(b.kind);
  return { loans, flows: flows.sort(order) };
}
