/**
 * An investor's portfolio and true return (投资组合与收益), pure: built from the investor's
 * dated cash flows (what the ledger moved for them, one line per movement) and their loans.
 *
 * - A cash flow is an investment (the principal lent, at the loan's disbursement), a
 *   repayment share (principal, interest, penalty interest, less the management fee), a
 *   compensation from the risk reserve (代偿), a write-off (核销: what was still owed
 *   becomes a loss; no money moves) or, once debt transfer exists, a transfer (none yet:
 *   the transfer gain or loss is 0 until then).
 * - Per loan: invested, outstanding principal, received principal / interest / penalty,
 *   fees paid, compensation received, written-off loss, transfer gain. The outstanding
 *   principal is what was invested less the principal received and the compensation
 *   (counted against principal first), and 0 once the loan is written off or settled. The
 *   loss of a write-off is what was outstanding at that moment; a later recovery is
 *   received as usual.
 * - By grade and in total: the sums of the loans' figures, exactly.
 * - Net annual return: the XIRR (./xirr.ts) of the dated flows: investments out;
 *   repayment shares (net of fees) and compensation in; the outstanding principal in at
 *   the as-of date.
 * - Concentration (the FAQ's diversification advice): a loan whose outstanding principal
 *   is more than `loanShare` of the portfolio's, or a grade more than `gradeShare`, is
 *   named in a warning. Shares compare exactly (ratios), and show with two decimals.
 */
import { compareRatios, ratio, roundHalfUp, type Ratio } from './rational';
import { xirrPercent } from './xirr';

export type InvestorCashFlowKind = 'INVESTMENT' | 'REPAYMENT' | 'COMPENSATION' | 'WRITE_OFF';

export interface InvestorCashFlow {
  readonly kind: InvestorCashFlowKind;
  readonly loanId: string;
  /** The instant it happened (ISO 8601) and its business date (Asia/Shanghai). */
  readonly at: string;
  readonly date: string;
  /** What identifies it: the repayment, the compensation payment, the loan for an investment or a write-off. */
  readonly reference: string;
  readonly principalFen: number;
  readonly interestFen: number;
  readonly penaltyFen: number;
  readonly feeFen: number;
  readonly compensationFen: number;
  readonly lossFen: number;
  /** The effect on the investor's custody account: −principal for an investment, + net received otherwise (0 for a write-off). */
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
  /** Debt transfer does not exist yet: always 0, until transfers are cash flows too. */
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
  const sum = (pick: (flow: InvestorCashFlow) => number, kind?: InvestorCashFlowKind) =>
    flows.reduce((total, flow) => total + (flow.loanId === loan.loanId && (kind === undefined || flow.kind === kind) ? pick(flow) : 0), 0);
  const investedFen = sum((flow) => flow.principalFen, 'INVESTMENT');
  const receivedPrincipalFen = sum((flow) => flow.principalFen, 'REPAYMENT');
  const compensationFen = sum((flow) => flow.compensationFen);
  return {
    investedFen,
    outstandingPrincipalFen: closedStatuses.has(loan.status) ? 0 : Math.max(0, investedFen - receivedPrincipalFen - compensationFen),
    receivedPrincipalFen,
    receivedInterestFen: sum((flow) => flow.interestFen, 'REPAYMENT'),
    receivedPenaltyFen: sum((flow) => flow.penaltyFen, 'REPAYMENT'),
    feesPaidFen: sum((flow) => flow.feeFen, 'REPAYMENT'),
    compensationFen,
    writtenOffFen: sum((flow) => flow.lossFen, 'WRITE_OFF'),
    transferGainFen: 0,
  };
}

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
  const dated = flows.filter((flow) => flow.date <= asOf && flow.kind !== 'WRITE_OFF').map((flow) => ({ date: flow.date, amountFen: flow.netFen }));
  if (total.outstandingPrincipalFen > 0) dated.push({ date: asOf, amountFen: total.outstandingPrincipalFen });
  return { asOf, loans: byLoan, grades, total, netAnnualReturnPercent: xirrPercent(dated), warnings: concentration(byLoan, grades, total.outstandingPrincipalFen, limits) };
}
