/**
 * Platform figures (平台运营数据, issue #7), pure: what one change of the table adds to
 * the counters, and the figures a read assembles from them. No I/O; the stream
 * consumer (functions/streams/platform-figures-consumer.ts) and the reader
 * (functions/adapters/dynamodb/platform-figures-repository.ts) hold the keys and the writes.
 *
 * Definitions (all money in integer fen, rates as exact ratios):
 * - A loan is *lent* when its status becomes DISBURSED: its amount and one count, on the
 *   business date (Asia/Shanghai) of `disbursedAt`.
 * - *Outstanding* (待收): for a loan in DISBURSED, REPAYING or DEFAULTED, the unpaid
 *   principal and scheduled interest of its unsettled installments (principal −
 *   paid principal, interest − paid interest; a SETTLED installment owes nothing). A loan
 *   counts as outstanding while it owes something. WRITTEN_OFF and SETTLED loans owe nothing here.
 * - *Overdue*: an outstanding loan with at least one OVERDUE installment; its whole
 *   outstanding (principal + interest) is the overdue amount. *Overdue 90+*: such a loan
 *   whose ageing (overdueBucket set by the overdue sweep) is '90+' (more than 90 days).
 * - Overdue rates: overdue amount / outstanding amount, overdue loans / outstanding loans.
 * - Borrowers: cumulative = distinct borrowers ever lent to; current = those owing now.
 *   Investors: cumulative = distinct investors with a posted bid (a stake in a disbursed
 *   loan); current = those with a stake in a loan not yet SETTLED or WRITTEN_OFF.
 * - Concentration: a borrower's outstanding (principal + interest) over the total
 *   outstanding, for the largest borrower and the top 10 together.
 * - Related party (关联方): a borrower whose profile has `relatedParty: true` (platform staff,
 *   shareholders and their relatives, set by an operator; default false). Related-party
 *   lending = loans lent to such borrowers (amount, count), as a flow.
 * - Compensated: risk-reserve decisions that reached status PAID (paidFen, else amountFen; count), on the
 *   business date of `paidAt` (or `decidedAt`).
 * - Transfers (债权转让): debt-transfer purchases that reached status SETTLED (the bank
 *   confirmed the buyer's payment): their price (the volume the buyers paid, the seller's
 *   fee included) and count, on the business date of `settledAt`, in the loan's cells.
 * Flows (lent, related-party, compensated, transfers) honour from/to; stocks (outstanding, overdue,
 * borrowers, investors, concentration) are as of the read, or as of a month's end:
 * every stock change is also added to the business month (Asia/Shanghai) it is dated
 * in (`changeTime`: the item's `changedAt`, else the time attribute the change wrote,
 * else the consumer's clock), so the stock at a month's end is the sum of the moves of
 * the months up to it, whatever order they were applied in. The top-10 ranking cannot
 * be summed: it is snapshotted when the first change dated in a later month reaches
 * the cell (`rankingAtMonthEnd`).
 *
 * Cells: every counter exists for the loan's grade × term, grade × any term, any grade ×
 * term and any × any ('*'), so any filter reads exactly one cell.
 */
import { businessDate, platformTimeZone } from './calendar';
import { dividedBy, ratio, roundHalfUp, times, whole, type Ratio } from './rational';

export const anyCell = '*';

export interface FiguresFilter {
  /** Business dates (YYYY-MM-DD), inclusive; they bound the flows. */
  readonly from?: string;
  readonly to?: string;
  readonly grade?: string;
  readonly termMonths?: number;
}

export const cellOf = (grade: string | undefined, termMonths: number | undefined): string => `${grade ?? anyCell}#${termMonths ?? anyCell}`;

/** The four cells a loan of this grade and term counts in. */
export function cellsOf(grade: string, termMonths: number): string[] {
  return [cellOf(grade, termMonths), cellOf(grade, undefined), cellOf(undefined, termMonths), cellOf(undefined, undefined)];
}

// Flows.

export interface Flows {
  readonly lentFen: number;
  readonly lentCount: number;
  readonly relatedFen: number;
  readonly relatedCount: number;
  readonly compensatedFen: number;
  readonly compensatedCount: number;
  readonly transferFen: number;
  readonly transferCount: number;
  /** Loans rescheduled (展期/重组, accepted): the principal the new installments repay, and one count. */
  readonly rescheduledFen: number;
  readonly rescheduledCount: number;
}

export const noFlows: Flows = { lentFen: 0, lentCount: 0, relatedFen: 0, relatedCount: 0, compensatedFen: 0, compensatedCount: 0, transferFen: 0, transferCount: 0, rescheduledFen: 0, rescheduledCount: 0 };
export const flowFields = Object.keys(noFlows) as Array<keyof Flows>;

export function addFlows(a: Flows, b: Partial<Flows>): Flows {
  return Object.fromEntries(flowFields.map((field) => [field, a[field] + (b[field] ?? 0)])) as unknown as Flows;
}

/**
 * The flow buckets a range reads: whole months inside it from month items, the partial
 * months at its ends from day items. At most 62 day items plus one per month.
 */
export interface RangePlan {
  readonly months?: { readonly from: string; readonly to: string };
  readonly days: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

const monthOf = (date: string) => date.slice(0, 7);
const firstOfMonth = (month: string) => `${month}-01`;
const nextMonth = (month: string): string => {
  const [year = 0, mon = 0] = month.split('-').map(Number);
  return mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
};
const previousMonth = (month: string): string => {
  const [year = 0, mon = 0] = month.split('-').map(Number);
  return mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, '0')}`;
};
const lastDayOf = (month: string): string => {
  const [year = 0, mon = 0] = month.split('-').map(Number);
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
};

export function rangePlan(from: string, to: string): RangePlan {
  if (from > to) return { days: [] };
  const fromMonth = monthOf(from);
  const toMonth = monthOf(to);
  if (fromMonth === toMonth) {
    return from === firstOfMonth(fromMonth) && to === lastDayOf(toMonth) ? { months: { from: fromMonth, to: toMonth }, days: [] } : { days: [{ from, to }] };
  }
  const days: Array<{ from: string; to: string }> = [];
  let firstWhole = fromMonth;
  if (from !== firstOfMonth(fromMonth)) {
    days.push({ from, to: lastDayOf(fromMonth) });
    firstWhole = nextMonth(fromMonth);
  }
  let lastWhole = toMonth;
  if (to !== lastDayOf(toMonth)) {
    days.push({ from: firstOfMonth(toMonth), to });
    lastWhole = previousMonth(toMonth);
  }
  return firstWhole <= lastWhole ? { months: { from: firstWhole, to: lastWhole }, days } : { days };
}

// Stocks: a loan's contribution, from its aggregate.

/** Unpaid principal (p) and interest (i), status (s); due date (d) and full principal (f), for the disclosure's month rows. */
export type InstallmentState = { readonly p: number; readonly i: number; readonly s: 'DUE' | 'OVERDUE' | 'SETTLED'; readonly d?: string; readonly f?: number };

/** What the consumer remembers of a loan (its own item), enough to recompute its contribution. */
export interface LoanAggregate {
  readonly loanId: string;
  readonly borrowerId: string;
  readonly grade: string;
  readonly termMonths: number;
  readonly status: string;
  readonly overdueBucket?: string;
  /** Unpaid principal (p) and interest (i) per installment number. */
  readonly installments: Readonly<Record<string, InstallmentState>>;
  /** Its amount and disbursement month (its vintage cohort), once lent. */
  readonly amountFen?: number;
  readonly cohort?: string;
  /** Whether it was ever overdue (an OVERDUE installment) / ever 90+ days (its ageing): the vintage curves count it once. */
  readonly everOverdue?: boolean;
  readonly everDefault?: boolean;
}

export interface LoanStock {
  readonly principalFen: number;
  readonly interestFen: number;
  readonly loans: number;
  readonly overdueFen: number;
  readonly overdueLoans: number;
  readonly overdue90Fen: number;
  readonly overdue90Loans: number;
}

export const noStock: LoanStock = { principalFen: 0, interestFen: 0, loans: 0, overdueFen: 0, overdueLoans: 0, overdue90Fen: 0, overdue90Loans: 0 };
export const stockFields = Object.keys(noStock) as Array<keyof LoanStock>;

export const owingStatuses: readonly string[] = ['DISBURSED', 'REPAYING', 'DEFAULTED'];
/** Statuses after which a loan's investors hold nothing on it. */
export const closedStatuses: readonly string[] = ['SETTLED', 'WRITTEN_OFF'];

/** The unpaid principal and interest of an installment item (as stored by installment-repository). */
export function installmentState(item: { principalFen: number; interestFen: number; paidPrincipalFen?: number; paidInterestFen?: number; status: string; dueDate?: string }): InstallmentState {
  const due = typeof item.dueDate === 'string' ? { d: item.dueDate, f: item.principalFen } : {};
  if (item.status === 'SETTLED') return { p: 0, i: 0, s: 'SETTLED', ...due };
  return {
    p: Math.max(0, item.principalFen - (item.paidPrincipalFen ?? 0)),
    i: Math.max(0, item.interestFen - (item.paidInterestFen ?? 0)),
    s: item.status === 'OVERDUE' ? 'OVERDUE' : 'DUE',
    ...due,
  };
}

export function loanStock(loan: LoanAggregate | undefined): LoanStock {
  if (!loan || !owingStatuses.includes(loan.status)) return noStock;
  let principalFen = 0;
  let interestFen = 0;
  let overdue = false;
  for (const installment of Object.values(loan.installments)) {
    principalFen += installment.p;
    interestFen += installment.i;
    if (installment.s === 'OVERDUE' && installment.p + installment.i > 0) overdue = true;
  }
  const owed = principalFen + interestFen;
  if (owed === 0) return noStock;
  const over90 = overdue && loan.overdueBucket === '90+';
  return {
    principalFen,
    interestFen,
    loans: 1,
    overdueFen: overdue ? owed : 0,
    overdueLoans: overdue ? 1 : 0,
    overdue90Fen: over90 ? owed : 0,
    overdue90Loans: over90 ? 1 : 0,
  };
}

export function stockDelta(before: LoanStock, after: LoanStock): LoanStock {
  return Object.fromEntries(stockFields.map((field) => [field, after[field] - before[field]])) as unknown as LoanStock;
}

export const isZeroStock = (stock: LoanStock): boolean => stockFields.every((field) => stock[field] === 0);

// Borrowers and investors per cell.

export interface BorrowerCell {
  /** Outstanding principal + interest in this cell. */
  readonly outstandingFen: number;
  /** Loans ever lent to the borrower in this cell. */
  readonly loans: number;
}

export interface PartyCountDelta {
  readonly ever: number;
  readonly current: number;
}

/** How the cell's borrower counts move when one borrower's cell figures move. */
export function borrowerCountDelta(before: BorrowerCell, after: BorrowerCell): PartyCountDelta {
  return {
    ever: (after.loans > 0 ? 1 : 0) - (before.loans > 0 ? 1 : 0),
    current: (after.outstandingFen > 0 ? 1 : 0) - (before.outstandingFen > 0 ? 1 : 0),
  };
}

export interface InvestorCell {
  /** Loans the investor has ever held in this cell, and holds now (not closed). */
  readonly loans: number;
  readonly active: number;
}

export function investorCountDelta(before: InvestorCell, after: InvestorCell): PartyCountDelta {
  return { ever: (after.loans > 0 ? 1 : 0) - (before.loans > 0 ? 1 : 0), current: (after.active > 0 ? 1 : 0) - (before.active > 0 ? 1 : 0) };
}

/** The sort key of a borrower in a cell's ranking: descending outstanding, then borrower id. */
export const rankWidth = 15;
export function rankKey(outstandingFen: number, borrowerId: string): string {
  if (!Number.isSafeInteger(outstandingFen) || outstandingFen <= 0 || outstandingFen >= 10 ** rankWidth) throw new RangeError(`not a rankable amount: ${outstandingFen}`);
  return `${String(10 ** rankWidth - 1 - outstandingFen).padStart(rankWidth, '0')}#${borrowerId}`;
}

// The read.

export interface CellStock extends LoanStock {
  readonly borrowersEver: number;
  readonly borrowersCurrent: number;
  readonly investorsEver: number;
  readonly investorsCurrent: number;
}

export const noCellStock: CellStock = { ...noStock, borrowersEver: 0, borrowersCurrent: 0, investorsEver: 0, investorsCurrent: 0 };

export interface Figures {
  readonly flows: Flows;
  readonly stock: CellStock;
  /** The largest borrowers' outstanding, largest first (at most 10). */
  readonly topBorrowersFen: readonly number[];
}

/** An exact ratio as a decimal string with `places` decimals, rounded half-up ("0" over 0). */
export function decimalString(value: Ratio | undefined, places = 6): string {
  const scale = 10n ** BigInt(places);
  const scaled = roundHalfUp(times(value ?? zeroRatio, whole(scale)));
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** part / total, undefined when total is 0. */
export const share = (part: number, total: number): Ratio | undefined => (total === 0 ? undefined : dividedBy(whole(part), whole(total)));

export interface FigureRates {
  readonly overdueRateByAmount: Ratio | undefined;
  readonly overdueRateByCount: Ratio | undefined;
  readonly overdue90RateByAmount: Ratio | undefined;
  readonly overdue90RateByCount: Ratio | undefined;
  readonly top10Fen: number;
  readonly largestFen: number;
  readonly top10Share: Ratio | undefined;
  readonly largestShare: Ratio | undefined;
}

export function figureRates(figures: Figures): FigureRates {
  const outstanding = figures.stock.principalFen + figures.stock.interestFen;
  const top10Fen = figures.topBorrowersFen.slice(0, 10).reduce((sum, amount) => sum + amount, 0);
  const largestFen = figures.topBorrowersFen[0] ?? 0;
  return {
    overdueRateByAmount: share(figures.stock.overdueFen, outstanding),
    overdueRateByCount: share(figures.stock.overdueLoans, figures.stock.loans),
    overdue90RateByAmount: share(figures.stock.overdue90Fen, outstanding),
    overdue90RateByCount: share(figures.stock.overdue90Loans, figures.stock.loans),
    top10Fen,
    largestFen,
    top10Share: share(top10Fen, outstanding),
    largestShare: share(largestFen, outstanding),
  };
}

export const zeroRatio: Ratio = ratio(0n, 1n);

// Month-end stocks: every stock change is also added to the month it is dated in.

/**
 * The attributes that date a change of an item, after `changedAt` (the platform clock's
 * stamp on every write): the first one this change wrote (its value differs from the
 * old image's, or the item is new). An attribute the change did not write (a stale
 * `updatedAt` left by an earlier write) does not date it.
 */
export const changeTimeAttributes = ['updatedAt', 'settledAt', 'disbursedAt', 'overdueSince', 'paidAt', 'decidedAt', 'overdueAsOf', 'penaltyAccruedThrough', 'createdAt'] as const;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const isTime = (value: unknown): value is string => typeof value === 'string' && (datePattern.test(value) || !Number.isNaN(Date.parse(value)));

/**
 * When a change happened, from its images; undefined when nothing in them says (the caller
 * uses its clock). `changedAt` too dates it only if this change wrote it (a write that
 * did not stamp leaves the previous write's).
 */
export function changeTime(before: Readonly<Record<string, unknown>> | undefined, after: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!after) return undefined;
  for (const name of ['changedAt', ...changeTimeAttributes]) {
    const value = after[name];
    if (isTime(value) && (before === undefined || before[name] !== value)) return value;
  }
  return undefined;
}

/** The business month (YYYY-MM, Asia/Shanghai) of an instant, or of a business date as is. */
export function businessMonthOf(time: string): string {
  if (datePattern.test(time)) return time.slice(0, 7);
  return businessDate(new Date(time), platformTimeZone).slice(0, 7);
}

/** The moves of a cell's stock up to a month, summed: the stock at that month's end. */
export function sumStockMoves(moves: ReadonlyArray<Readonly<Record<string, unknown>>>): CellStock {
  const fields = Object.keys(noCellStock) as Array<keyof CellStock>;
  const sum: Record<string, number> = Object.fromEntries(fields.map((field) => [field, 0]));
  for (const move of moves) for (const field of fields) sum[field] = (sum[field] ?? 0) + Number(move[field] ?? 0);
  return sum as unknown as CellStock;
}

/**
 * Which ranking gives a cell's top borrowers at a month's end: the current one while
 * no change dated after that month has been applied to the cell (`lastMonth` ≤ month),
 * else the latest snapshot taken for a month ≤ it (none: nobody owed then).
 */
export const rankingAtMonthEnd = (lastMonth: string | undefined, month: string): 'current' | 'snapshot' => (lastMonth === undefined || lastMonth <= month ? 'current' : 'snapshot');

// The disclosure's month rows and vintage curves (functions/core/disclosure-figures.ts
// disclosureFiguresFromCounters), kept by the consumer as moves dated like the stocks.

/**
 * A lent loan in the month rows' terms (the loan-book reconstruction's): the full
 * principal of each installment not yet settled, by due date, and the earliest such due
 * date (the loan is outstanding while it has one, overdue at a month end when it is
 * before that day). Any status: a written-off loan's unsettled installments count.
 */
export interface DueBook {
  readonly principalByDue: ReadonlyMap<string, number>;
  readonly earliestDue: string | undefined;
}

export function dueBook(loan: LoanAggregate | undefined): DueBook {
  const principalByDue = new Map<string, number>();
  let earliestDue: string | undefined;
  for (const installment of Object.values(loan?.installments ?? {})) {
    if (installment.s === 'SETTLED' || installment.d === undefined || installment.f === undefined) continue;
    principalByDue.set(installment.d, (principalByDue.get(installment.d) ?? 0) + installment.f);
    if (earliestDue === undefined || installment.d < earliestDue) earliestDue = installment.d;
  }
  return { principalByDue, earliestDue };
}

/**
 * What a change of a loan moves in the due-date counters: `P#{dueDate}` principalFen (the
 * unsettled principal due that day) and `L#{dueDate}` loans (loans whose earliest
 * unsettled installment is due that day). Zero moves are left out.
 */
export function dueMoves(before: LoanAggregate | undefined, after: LoanAggregate | undefined): Record<string, { principalFen?: number; loans?: number }> {
  const was = dueBook(before);
  const now = dueBook(after);
  const moves: Record<string, { principalFen?: number; loans?: number }> = {};
  for (const date of new Set([...was.principalByDue.keys(), ...now.principalByDue.keys()])) {
    const delta = (now.principalByDue.get(date) ?? 0) - (was.principalByDue.get(date) ?? 0);
    if (delta !== 0) moves[`P#${date}`] = { principalFen: delta };
  }
  if (was.earliestDue !== now.earliestDue) {
    if (was.earliestDue !== undefined) moves[`L#${was.earliestDue}`] = { loans: -1 };
    if (now.earliestDue !== undefined) moves[`L#${now.earliestDue}`] = { loans: 1 };
  }
  return moves;
}

const hasOverdueInstallment = (loan: LoanAggregate | undefined) => Object.values(loan?.installments ?? {}).some((installment) => installment.s === 'OVERDUE');

/** The vintage flags after a change, and whether this change set them (first time ever overdue / ever 90+). */
export function vintageFlags(before: LoanAggregate | undefined, after: LoanAggregate): { everOverdue: boolean; everDefault: boolean; firstOverdue: boolean; firstDefault: boolean } {
  const wasOverdue = before?.everOverdue === true;
  const wasDefault = before?.everDefault === true;
  const everOverdue = wasOverdue || after.everOverdue === true || hasOverdueInstallment(after);
  const everDefault = wasDefault || after.everDefault === true || (after.overdueBucket === '90+' && hasOverdueInstallment(after));
  return { everOverdue, everDefault, firstOverdue: everOverdue && !wasOverdue, firstDefault: everDefault && !wasDefault };
}

/** The platform's figures as GET /v1/stats and the disclosure's headline show them (yuan and rate strings). */
export interface PlatformFiguresReport {
  readonly asOf: string;
  readonly filter: { readonly from?: string; readonly to?: string; readonly grade?: string; readonly termMonths?: number };
  readonly lent: { readonly amount: string; readonly count: number };
  readonly outstanding: { readonly principal: string; readonly interest: string; readonly total: string; readonly count: number };
  readonly borrowers: { readonly cumulative: number; readonly current: number };
  readonly investors: { readonly cumulative: number; readonly current: number };
  readonly overdue: {
    readonly amount: string;
    readonly count: number;
    readonly rateByAmount: string;
    readonly rateByCount: string;
    readonly over90: { readonly amount: string; readonly count: number; readonly rateByAmount: string; readonly rateByCount: string };
  };
  readonly concentration: { readonly top10: { readonly amount: string; readonly share: string }; readonly largest: { readonly amount: string; readonly share: string } };
  readonly relatedParty: { readonly amount: string; readonly count: number };
  readonly compensated: { readonly amount: string; readonly count: number };
  readonly transfers: { readonly amount: string; readonly count: number };
  readonly rescheduled: { readonly amount: string; readonly count: number };
  readonly fees: { readonly borrowerServiceFeeRate: string; readonly investorManagementFeeRate: string; readonly riskReserveShare: string; readonly penaltyRate: string };
}
