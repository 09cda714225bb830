/**
 * Disclosure figures (信息披露) of a closed month, computed from the loan book as it
 * stood at each month end: pure, so the same loan book gives the same figures.
 *
 * Reconstruction rules (documented in the README's Disclosure section):
 * - a loan counts from its disbursement date (Asia/Shanghai business date);
 * - an installment is outstanding at a month end when it is not settled on or before
 *   that day (partial payments before settlement are not subtracted: they may still
 *   change, a month-end figure must not);
 * - it is overdue at a month end when its due date is before that day and it is
 *   outstanding; its bucket is its own days overdue then (1-30, 31-60, 61-90, 90+);
 * - vintage curves: per disbursement-month cohort, for each month since disbursement,
 *   the share (by amount) of the cohort's loans that had ever been overdue (1+ days)
 *   and ever in default (90+ days) by that month's end.
 * Rates are exact ratios rounded half-up to basis points; money stays integer fen.
 *
 * Two ways to the same figures: `disclosureFigures` from the loan book (every loan and
 * its installments: the definition, kept for tests and checks), and
 * `disclosureFiguresFromCounters` from the counters the platform-figures stream consumer
 * keeps (what the monthly export reads: no scan of the loan book).
 */
import { addDays } from './calendar';
import { defaultAfterDays, overdueBucket, overdueBuckets, type OverdueBucket } from './overdue';
import { ratio, roundHalfUp } from './rational';

export interface LoanBookInstallment {
  readonly dueDate: string;
  readonly principalFen: number;
  /** Business date (YYYY-MM-DD) the installment was fully paid, if it was. */
  readonly settledOn?: string;
}

export interface LoanBookLoan {
  readonly loanId: string;
  readonly amountFen: number;
  /** Business date (YYYY-MM-DD) of the disbursement. */
  readonly disbursedOn: string;
  readonly installments: readonly LoanBookInstallment[];
}

export interface MonthRow {
  readonly month: string;
  readonly lentFen: number;
  readonly lentCount: number;
  readonly cumulativeLentFen: number;
  readonly cumulativeLentCount: number;
  readonly outstandingPrincipalFen: number;
  readonly outstandingLoanCount: number;
  readonly overduePrincipalFen: Readonly<Record<OverdueBucket, number>>;
  readonly overdueLoanCount: number;
  /** Overdue principal in the bucket over outstanding principal, in basis points. */
  readonly overdueRateBp: Readonly<Record<OverdueBucket, number>>;
}

export interface VintagePoint {
  readonly monthsSinceDisbursement: number;
  readonly everOverdueBp: number;
  readonly everDefaultBp: number;
}

export interface VintageCohort {
  readonly cohort: string;
  readonly loanCount: number;
  readonly amountFen: number;
  readonly points: readonly VintagePoint[];
}

export interface DisclosureFigures {
  readonly month: string;
  readonly monthEnd: string;
  readonly months: readonly MonthRow[];
  readonly vintages: readonly VintageCohort[];
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function assertMonth(month: string): void {
  if (!monthPattern.test(month)) throw new RangeError(`not a month (YYYY-MM): ${month}`);
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  assertMonth(month);
  const year = Number(month.slice(0, 4));
  const number = Number(month.slice(5, 7));
  return number === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(number + 1).padStart(2, '0')}`;
}

/** The last day (YYYY-MM-DD) of a month. */
export const monthEnd = (month: string): string => addDays(`${nextMonth(month)}-01`, -1);

/** Whether `month` has ended on business date `today`. */
export const isClosedMonth = (month: string, today: string): boolean => today > monthEnd(month);

/** The month just closed on business date `today`. */
export const previousMonth = (today: string): string => addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);

function monthsFrom(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) months.push(month);
  return months;
}

/** part / whole in basis points, half-up; 0 when the whole is 0. */
export function basisPoints(part: number, whole: number): number {
  if (whole === 0) return 0;
  return Number(roundHalfUp(ratio(BigInt(part) * 10_000n, BigInt(whole))));
}

const outstandingOn = (installment: LoanBookInstallment, day: string): boolean => installment.settledOn === undefined || installment.settledOn > day;

/** Whether the installment had been `days`+ days overdue by `day`. */
function wasOverdueBy(installment: LoanBookInstallment, days: number, day: string): boolean {
  const reached = addDays(installment.dueDate, days);
  if (reached > day) return false;
  return installment.settledOn === undefined || installment.settledOn >= reached;
}

const emptyBuckets = (): Record<OverdueBucket, number> => ({ '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 });

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function monthRow(loans: readonly LoanBookLoan[], month: string, cumulative: { fen: number; count: number }): MonthRow {
  const end = monthEnd(month);
  let lentFen = 0;
  let lentCount = 0;
  let outstandingPrincipalFen = 0;
  let outstandingLoanCount = 0;
  let overdueLoanCount = 0;
  const overduePrincipalFen = emptyBuckets();
  for (const loan of loans) {
    if (loan.disbursedOn > end) continue;
    if (loan.disbursedOn.slice(0, 7) === month) {
      lentFen += loan.amountFen;
      lentCount += 1;
    }
    let outstanding = false;
    let overdue = false;
    for (const installment of loan.installments) {
      if (!outstandingOn(installment, end)) continue;
      outstanding = true;
      outstandingPrincipalFen += installment.principalFen;
      const bucket = installment.dueDate < end ? overdueBucket(daysBetween(installment.dueDate, end)) : undefined;
      if (bucket) {
        overdue = true;
        overduePrincipalFen[bucket] += installment.principalFen;
      }
    }
    if (outstanding) outstandingLoanCount += 1;
    if (overdue) overdueLoanCount += 1;
  }
  cumulative.fen += lentFen;
  cumulative.count += lentCount;
  const overdueRateBp = emptyBuckets();
  for (const bucket of overdueBuckets) overdueRateBp[bucket] = basisPoints(overduePrincipalFen[bucket], outstandingPrincipalFen);
  return {
    month,
    lentFen,
    lentCount,
    cumulativeLentFen: cumulative.fen,
    cumulativeLentCount: cumulative.count,
    outstandingPrincipalFen,
    outstandingLoanCount,
    overduePrincipalFen,
    overdueLoanCount,
    overdueRateBp,
  };
}

function vintage(loans: readonly LoanBookLoan[], cohort: string, lastMonth: string): VintageCohort {
  const members = loans.filter((loan) => loan.disbursedOn.slice(0, 7) === cohort);
  const amountFen = members.reduce((sum, loan) => sum + loan.amountFen, 0);
  const points = monthsFrom(cohort, lastMonth).map((month, monthsSinceDisbursement) => {
    const end = monthEnd(month);
    let overdueFen = 0;
    let defaultFen = 0;
    for (const loan of members) {
      if (loan.installments.some((installment) => wasOverdueBy(installment, 1, end))) overdueFen += loan.amountFen;
      if (loan.installments.some((installment) => wasOverdueBy(installment, defaultAfterDays + 1, end))) defaultFen += loan.amountFen;
    }
    return { monthsSinceDisbursement, everOverdueBp: basisPoints(overdueFen, amountFen), everDefaultBp: basisPoints(defaultFen, amountFen) };
  });
  return { cohort, loanCount: members.length, amountFen, points };
}

/** The month's figures and every earlier month's since the first disbursement (loans disbursed later are ignored). */
export function disclosureFigures(month: string, loans: readonly LoanBookLoan[]): DisclosureFigures {
  assertMonth(month);
  const end = monthEnd(month);
  const book = [...loans].filter((loan) => loan.disbursedOn <= end).sort((a, b) => (a.disbursedOn === b.disbursedOn ? (a.loanId < b.loanId ? -1 : 1) : a.disbursedOn < b.disbursedOn ? -1 : 1));
  const first = book[0]?.disbursedOn.slice(0, 7) ?? month;
  const months = monthsFrom(first, month);
  const cumulative = { fen: 0, count: 0 };
  const rows = months.map((each) => monthRow(book, each, cumulative));
  const cohorts = [...new Set(book.map((loan) => loan.disbursedOn.slice(0, 7)))];
  return { month, monthEnd: end, months: rows, vintages: cohorts.map((cohort) => vintage(book, cohort, month)) };
}

/** Basis points as a percentage string with two decimals: 1234 → "12.34". */
export function percentOf(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const magnitude = Math.abs(bp);
  return `${sign}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/**
 * What the platform-figures consumer keeps for the disclosure (functions/streams/platform-figures-consumer.ts):
 * moves dated by the business month of the change that made them, summed up to a month
 * end to give that month end's figures, whatever order they were applied in.
 */
export interface DisclosureCounters {
  /** Lent per month (the whole platform's flows by disbursement date), months up to the export's. */
  readonly lent: ReadonlyArray<{ readonly month: string; readonly lentFen: number; readonly lentCount: number }>;
  /** Unsettled installment principal due on `dueDate`, and loans whose earliest unsettled installment is due then, moved in `month`. */
  readonly dueMoves: ReadonlyArray<{ readonly month: string; readonly dueDate: string; readonly principalFen: number; readonly loans: number }>;
  /** A cohort's (disbursement month's) amount first overdue and first 90+ in `month`. */
  readonly vintageMoves: ReadonlyArray<{ readonly cohort: string; readonly month: string; readonly everOverdueFen: number; readonly everDefaultFen: number }>;
}

/**
 * The same figures as `disclosureFigures` (the loan book's reconstruction), from the
 * counters: lent from the month flows; at each month end, the outstanding principal (full
 * principal of installments not settled by then), outstanding and overdue loans and the
 * overdue principal by bucket (by each installment's days past due at the month end) from
 * the due-date moves up to that month; vintage curves from the cohorts' first-overdue and
 * first-90+ moves. Equal to the reconstruction when the counters saw the platform's own
 * changes: installments stored when the loan is disbursed, an installment marked OVERDUE
 * by the sweep the day after its due date (the reconstruction's "1+ days overdue") and the
 * loan aged 90+ on the 91st day (its "default"), each dated when it happened.
 */
export function disclosureFiguresFromCounters(month: string, counters: DisclosureCounters): DisclosureFigures {
  assertMonth(month);
  const end = monthEnd(month);
  const lent = new Map<string, { fen: number; count: number }>();
  for (const entry of counters.lent) {
    if (entry.month > month || entry.lentCount === 0) continue;
    const sum = lent.get(entry.month) ?? { fen: 0, count: 0 };
    lent.set(entry.month, { fen: sum.fen + entry.lentFen, count: sum.count + entry.lentCount });
  }
  const cohorts = [...lent.keys()].sort();
  const first = cohorts[0] ?? month;
  const moves = counters.dueMoves.filter((move) => move.month <= month).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const byDue = new Map<string, { principalFen: number; loans: number }>();
  let applied = 0;
  const cumulative = { fen: 0, count: 0 };
  const rows = monthsFrom(first, month).map((each): MonthRow => {
    for (; applied < moves.length && moves[applied]!.month <= each; applied += 1) {
      const move = moves[applied]!;
      const sum = byDue.get(move.dueDate) ?? { principalFen: 0, loans: 0 };
      byDue.set(move.dueDate, { principalFen: sum.principalFen + move.principalFen, loans: sum.loans + move.loans });
    }
    const eachEnd = monthEnd(each);
    const inMonth = lent.get(each) ?? { fen: 0, count: 0 };
    cumulative.fen += inMonth.fen;
    cumulative.count += inMonth.count;
    let outstandingPrincipalFen = 0;
    let outstandingLoanCount = 0;
    let overdueLoanCount = 0;
    const overduePrincipalFen = emptyBuckets();
    for (const [dueDate, sum] of byDue) {
      outstandingPrincipalFen += sum.principalFen;
      outstandingLoanCount += sum.loans;
      const bucket = dueDate < eachEnd ? overdueBucket(daysBetween(dueDate, eachEnd)) : undefined;
      if (!bucket) continue;
      overdueLoanCount += sum.loans;
      overduePrincipalFen[bucket] += sum.principalFen;
    }
    const overdueRateBp = emptyBuckets();
    for (const bucket of overdueBuckets) overdueRateBp[bucket] = basisPoints(overduePrincipalFen[bucket], outstandingPrincipalFen);
    return {
      month: each,
      lentFen: inMonth.fen,
      lentCount: inMonth.count,
      cumulativeLentFen: cumulative.fen,
      cumulativeLentCount: cumulative.count,
      outstandingPrincipalFen,
      outstandingLoanCount,
      overduePrincipalFen,
      overdueLoanCount,
      overdueRateBp,
    };
  });
  const vintages = cohorts.map((cohort): VintageCohort => {
    const amount = lent.get(cohort) ?? { fen: 0, count: 0 };
    const own = counters.vintageMoves.filter((move) => move.cohort === cohort);
    const points = monthsFrom(cohort, month).map((each, monthsSinceDisbursement) => {
      let overdueFen = 0;
      let defaultFen = 0;
      for (const move of own) {
        if (move.month > each) continue;
        overdueFen += move.everOverdueFen;
        defaultFen += move.everDefaultFen;
      }
      return { monthsSinceDisbursement, everOverdueBp: basisPoints(overdueFen, amount.fen), everDefaultBp: basisPoints(defaultFen, amount.fen) };
    });
    return { cohort, loanCount: amount.count, amountFen: amount.fen, points };
  });
  return { month, monthEnd: end, months: rows, vintages };
}
