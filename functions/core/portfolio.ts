/**
 * An investor's portfolio and true return (投资组合与收益), pure: built from the investor's
 * dated cash flows (what the ledger moved for them, one line per movement) and their loans.
 *
 * - A cash flow is an investment (the principal lent, at the loan's disbursement), a
 *   repayment share (principal, interest, penalty interest, less the management fee), a
 *   compensation from the risk reserve (代偿), a write-off (核销: what was still owed
 *   becomes a loss; no money moves), or a debt transfer (债权转让):
 *   - a sale (TRANSFER_SALE, at its settlement): the part's outstanding principal counts
 *     as principal received, the interest accrued on it to the sale as interest income,
 *     the transfer fee as a fee, and price − value (value = that principal + that
 *     interest, as at the sale) as the transfer gain (negative: a loss); net to the
 *     custody account price − fee;
 *   - a purchase (TRANSFER_PURCHASE, at its settlement): the outstanding principal bought
 *     counts as invested, the accrued interest paid for as negative interest income (the
 *     next repayment brings it back in full); net −price. Its discount or premium
 *     (value − price) is unrealised until the loan closes:
 *   - a realisation (TRANSFER_GAIN, no money moves): when the loan closes (the buyer's last
 *     repayment share of a settled loan, or its write-off), the discounts less the
 *     premiums of the buyer's purchases of that loan become their transfer gain.
 * - Per loan: invested, outstanding principal, received principal / interest / penalty,
 *   fees paid, compensation received, written-off loss, transfer gain. The outstanding
 *   principal is what was invested less the principal received and the compensation
 *   (counted against principal first), and 0 once the loan is written off or settled. The
 *   loss of a write-off is what was outstanding at that moment; a later recovery is
 *   received as usual.
 * - By grade and in total: the sums of the loans' figures, exactly.
 * - Net annual return: the XIRR (./xirr.ts) of the dated flows: investments and purchases
 *   out; repayment shares (net of fees), sale proceeds and compensation in; the
 *   outstanding principal in at the as-of date.
 * - Concentration (the FAQ's diversification advice): a loan whose outstanding principal
 *   is more than `loanShare` of the portfolio's, or a grade more than `gradeShare`, is
 *   named in a warning. Shares compare exactly (ratios), and show with two decimals.
 */
import { compareRatios, ratio, roundHalfUp, type Ratio } from './rational';
import { xirrPercent } from './xirr';

export type InvestorCashFlowKind = 'INVESTMENT' | 'REPAYMENT' | 'COMPENSATION' | 'WRITE_OFF' | 'TRANSFER_SALE' | 'TRANSFER_PURCHASE' | 'TRANSFER_GAIN';

export interface InvestorCashFlow {
  readonly kind: InvestorCashFlowKind;
  readonly loanId: string;
  /** The instant it happened (ISO 8601) and its business date (Asia/Shanghai). */
  readonly at: string;
  readonly date: string;
  /** What identifies it: the repayment, the compensation payment, the transfer purchase, the loan for an investment, a write-off or a realisation. */
  readonly reference: string;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  readonly feeFen: number;
  readonly compensationFen: number;
  readonly lossFen: number;
  /** A sale's price − value, or a realisation's discounts less premiums (negative: a loss). */
  readonly transferGainFen: number;
  /** The effect on the investor's custody account: −principal for an investment, −price for a purchase, + net received otherwise (0 for a write-off or a realisation). */
  readonly netFen: number;
}

export interface PortfolioLoan {
  readonly loanId: string;
  readonly grade?: string | undefined;
  readonly status: string;
}

export interface ConcentrationLimits {
  readonly loanShare: Ratio;
  readonly gradeShare: Ratio;
}

export interface PortfolioFigures {
  readonly investedFen: number;
  readonly outstandingPrincipalFen: number;
  readonly receivedPrincipalFen: number;
  readonly receivedInterestFen: number;
  readonly receivedPenaltyFen: number;
  readonly feesPaidFen: number;
  readonly compensationFen: number;
  readonly writtenOffFen: number;
  /** Sales' price − value, and the realised discounts less premiums of purchases (negative: a loss). */
  readonly transferGainFen: number;
}

export interface ConcentrationWarning {
  readonly kind: 'LOAN' | 'GRADE';
  /** The loan id or the grade. */
  readonly subject: string;
  /** Its share of the outstanding principal, percent with two decimals. */
  readonly sharePercent: string;
  readonly limitPercent: string;
}

export interface Portfolio {
  readonly asOf: string;
  readonly loans: ReadonlyArray<PortfolioFigures & PortfolioLoan>;
  readonly grades: ReadonlyArray<PortfolioFigures & { readonly grade: string; readonly loans: number }>;
  readonly total: PortfolioFigures & { readonly loans: number };
  /** Percent with two decimals; undefined while the flows have no return (nothing received or outstanding yet). */
  readonly netAnnualReturnPercent: string | undefined;
  readonly warnings: readonly ConcentrationWarning[];
}

const emptyFigures: PortfolioFigures = {
  investedFen: 0,
  outstandingPrincipalFen: 0,
  receivedPrincipalFen: 0,
  receivedInterestFen: 0,
  receivedPenaltyFen: 0,
  feesPaidFen: 0,
  compensationFen: 0,
  writtenOffFen: 0,
  transferGainFen: 0,
};

const figureNames = Object.keys(emptyFigures) as Array<keyof PortfolioFigures>;

export function addFigures(a: PortfolioFigures, b: PortfolioFigures): PortfolioFigures {
  return Object.fromEntries(figureNames.map((name) => [name, a[name] + b[name]])) as unknown as PortfolioFigures;
}

const closedStatuses: ReadonlySet<string> = new Set(['WRITTEN_OFF', 'SETTLED']);

/** One loan's figures from its flows (any order). */
export function loanFigures(loan: PortfolioLoan, flows: readonly InvestorCashFlow[]): PortfolioFigures {
  const sum = (pick: (flow: InvestorCashFlow) => number, kinds?: readonly InvestorCashFlowKind[]) =>
    flows.reduce((total, flow) => total + (flow.loanId === loan.loanId && (kinds === undefined || kinds.includes(flow.kind)) ? pick(flow) : 0), 0);
  const investedFen = sum((flow) => flow.principalFen, ['INVESTMENT', 'TRANSFER_PURCHASE']);
  const receivedPrincipalFen = sum((flow) => flow.principalFen, ['REPAYMENT', 'TRANSFER_SALE']);
  const compensationFen = sum((flow) => flow.compensationFen);
  return {
    investedFen,
    outstandingPrincipalFen: closedStatuses.has(loan.status) ? 0 : Math.max(0, investedFen - receivedPrincipalFen - compensationFen),
    receivedPrincipalFen,
    receivedInterestFen: sum((flow) => flow.interestFen),
    receivedPenaltyFen: sum((flow) => flow.penaltyFen),
    feesPaidFen: sum((flow) => flow.feeFen),
    compensationFen,
    writtenOffFen: sum((flow) => flow.lossFen),
    transferGainFen: sum((flow) => flow.transferGainFen),
  };
}

/** A settled debt transfer of a part of a holding, as both parties' flows read it. */
export interface SettledTransfer {
  /** The part's outstanding principal at the sale (its stake less the principal it had received). */
  readonly outstandingPrincipalFen: number;
  /** That principal plus the interest accrued on it to the sale (core/debt-transfer transferValueFen). */
  readonly valueFen: number;
  readonly priceFen: number;
  readonly feeFen: number;
}

type TransferAmounts = Pick<InvestorCashFlow, 'principalFen' | 'interestFen' | 'feeFen' | 'transferGainFen' | 'netFen'>;

/** The seller's side: principal and accrued interest received, the fee, the gain price − value; net price − fee. */
export const saleAmounts = (transfer: SettledTransfer): TransferAmounts => ({
  principalFen: transfer.outstandingPrincipalFen,
  interestFen: transfer.valueFen - transfer.outstandingPrincipalFen,
  feeFen: transfer.feeFen,
  transferGainFen: transfer.priceFen - transfer.valueFen,
  netFen: transfer.priceFen - transfer.feeFen,
});

/** The buyer's side: principal invested, the accrued interest paid for (negative income); net −price. The discount waits (unrealisedGain). */
export const purchaseAmounts = (transfer: SettledTransfer): TransferAmounts => ({
  principalFen: transfer.outstandingPrincipalFen,
  interestFen: transfer.outstandingPrincipalFen - transfer.valueFen,
  feeFen: 0,
  transferGainFen: 0,
  netFen: -transfer.priceFen,
});

/** The buyer's discount (positive) or premium (negative), realised when the loan closes. */
export const unrealisedGain = (transfer: SettledTransfer): number => transfer.valueFen - transfer.priceFen;

/** The loss a write-off records: what was outstanding of the principal when it happened (flows up to then). */
export function writeOffLoss(loanId: string, flowsBefore: readonly InvestorCashFlow[]): number {
  return loanFigures({ loanId, status: 'DEFAULTED' }, flowsBefore).outstandingPrincipalFen;
}

const percent = (share: Ratio): string => {
  const hundredths = roundHalfUp({ numerator: share.numerator * 10_000n, denominator: share.denominator });
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
};

function concentration(
  loans: ReadonlyArray<PortfolioFigures & PortfolioLoan>,
  grades: ReadonlyArray<PortfolioFigures & { grade: string }>,
  totalOutstanding: number,
  limits: ConcentrationLimits,
): ConcentrationWarning[] {
  if (totalOutstanding === 0) return [];
  const over = (kind: ConcentrationWarning['kind'], subject: string, outstanding: number, limit: Ratio): ConcentrationWarning[] => {
    const share = ratio(BigInt(outstanding), BigInt(totalOutstanding));
    return compareRatios(share, limit) > 0 ? [{ kind, subject, sharePercent: percent(share), limitPercent: percent(limit) }] : [];
  };
  return [
    ...loans.flatMap((loan) => over('LOAN', loan.loanId, loan.outstandingPrincipalFen, limits.loanShare)),
    ...grades.flatMap((grade) => over('GRADE', grade.grade, grade.outstandingPrincipalFen, limits.gradeShare)),
  ];
}

/** A loan without a grade (none recorded) is grouped under this one. */
export const ungraded = 'UNGRADED';

export function buildPortfolio(loans: readonly PortfolioLoan[], flows: readonly InvestorCashFlow[], asOf: string, limits: ConcentrationLimits): Portfolio {
  const byLoan = [...loans].sort((a, b) => a.loanId.localeCompare(b.loanId)).map((loan) => ({ ...loan, ...loanFigures(loan, flows) }));
  const gradeMap = new Map<string, PortfolioFigures & { grade: string; loans: number }>();
  for (const loan of byLoan) {
    const grade = loan.grade ?? ungraded;
    const before = gradeMap.get(grade) ?? { ...emptyFigures, grade, loans: 0 };
    gradeMap.set(grade, { ...addFigures(before, loan), grade, loans: before.loans + 1 });
  }
  const grades = [...gradeMap.values()].sort((a, b) => a.grade.localeCompare(b.grade));
  const total = { ...byLoan.reduce<PortfolioFigures>((sum, loan) => addFigures(sum, loan), emptyFigures), loans: byLoan.length };
  const dated = flows.filter((flow) => flow.date <= asOf && flow.kind !== 'WRITE_OFF' && flow.kind !== 'TRANSFER_GAIN').map((flow) => ({ date: flow.date, amountFen: flow.netFen }));
  if (total.outstandingPrincipalFen > 0) dated.push({ date: asOf, amountFen: total.outstandingPrincipalFen });
  return { asOf, loans: byLoan, grades, total, netAnnualReturnPercent: xirrPercent(dated), warnings: concentration(byLoan, grades, total.outstandingPrincipalFen, limits) };
}
