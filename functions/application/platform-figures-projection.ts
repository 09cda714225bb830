/**
 * The platform-figures projection (the stream consumer `platform-figures`, functions/manifest/streams.ts):
 * keeps the counters that GET /v1/stats and the monthly disclosure read (storage: functions/adapters/dynamodb/platform-figures-store.ts,
 * definitions: functions/core/platform-counters.ts), from the table's changes:
 * - the loan item (LOAN#{id} / LOAN): its first owing status (DISBURSED…) lends it (flows
 *   lent, related-party when the borrower's profile says `relatedParty: true`); every
 *   status or ageing (overdueBucket) change moves its stock; SETTLED / WRITTEN_OFF ends
 *   its investors' current holding;
 * - installments (LOAN#{id} / INSTALLMENT#nnn): unpaid principal and interest, OVERDUE flag;
 * - bids (LOAN#{id} / BID#…) becoming POSTED: the investor holds a stake in the loan;
 * - risk-reserve decisions (RISK_RESERVE / DECISION#{loanId}) becoming PAID: compensated;
 * - debt-transfer purchases (DEBT_TRANSFER#{purchaseId} / PURCHASE) becoming SETTLED: transfers
 *   (their price and one count, on the business date of `settledAt`, in the loan's cells).
 * - reschedule requests (LOAN#{id} / RESCHEDULE) becoming ACCEPTED: rescheduled (the
 *   principal the new installments repay; the installments' own changes move the stocks).
 *
 * How a change is counted exactly once (delivery is at least once, in order per
 * partition key): the consumer keeps its own view of each loan (STATS_LOAN#{id} / AGG:
 * status, grade, term, unpaid per installment, with a version) and of each borrower and
 * investor per cell, and moves the counters by the difference between the figures of
 * that view before and after the change. Each step is ONE TransactWriteItems that also
 * puts a marker STATS_EVENT#{eventID} / {step} on attribute_not_exists: a redelivered
 * record finds its marker and applies nothing; the views are written on their version,
 * so a racing writer (another shard on AWS) cancels the step, which is read again and
 * retried (and after a few attempts the record is reported as failed and redelivered).
 * Markers expire after two days (TTL; Lambda keeps stream records one day).
 *
 * Month-end stocks: each move of a cell's STOCK is also ADDed, in the same step, to
 * STATS#{cell} / STOCK_MOVE#{yyyy-mm}, the business month (Asia/Shanghai) the change is
 * dated in: the item's `changedAt` (the platform clock's stamp on every write), else
 * the time attribute this change wrote (updatedAt, settledAt, overdueSince, overdueAsOf…;
 * any of them, `changedAt` included, only if its value differs from the old image's: a
 * stale one dates nothing), else this consumer's clock. The stock at
 * a month's end is the sum of the moves up to it: exact whatever the delivery order.
 * The ranking cannot be summed: the STOCK item remembers the latest month it saw a loan
 * change in (`lastMonth`); the first loan change dated later first snapshots the
 * cell's top 10 for that month (TOP10#{month}, conditional put, first writer wins),
 * then moves `lastMonth` in its own step (conditionally: it only grows).
 *
 * The disclosure's month rows and vintage curves, in the same steps and months: the
 * loan view keeps each installment's due date and full principal and the loan's vintage
 * flags; a change ADDs the moves of the unsettled principal by due date and of the loans
 * by earliest unsettled due date (STATS_DUE#{month}), and the loan's amount to its cohort
 * the first time it is overdue / 90+ (STATS_VINTAGE#{cohort}); see core/platform-figures
 * dueMoves, vintageFlags and core/disclosure-figures disclosureFiguresFromCounters.
 *
 * Items written here (pk STATS…) come back on the stream and are ignored.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import {
  borrowerCountDelta,
  businessMonthOf,
  cellsOf,
  changeTime,
  closedStatuses,
  dueMoves,
  flowFields,
  installmentState,
  investorCountDelta,
  loanStock,
  owingStatuses,
  stockDelta,
  stockFields,
  type BorrowerCell,
  type Flows,
  type InvestorCell,
  type LoanAggregate,
  vintageFlags,
} from '../core/platform-counters';
import type { StreamAttribute } from './audit-trail';
import type { OperationalSignals } from './ports/operational-signals';
import { StepConflict, type CounterKey, type FiguresWrite, type PlatformFiguresStore, type StatsAggregate } from './ports/origination-platform-figures';

type Item = Record<string, unknown>;

export interface PlatformFiguresPorts {
  readonly store: PlatformFiguresStore;
  readonly clock: () => Date;
  readonly signals: Pick<OperationalSignals, 'logError'>;
}

/** A change of the table as the stream delivers it. */
export interface FiguresStreamRecord {
  readonly eventID?: string;
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly dynamodb?: {
    readonly SequenceNumber?: string;
    readonly Keys?: Readonly<Record<string, StreamAttribute>>;
    readonly NewImage?: Readonly<Record<string, StreamAttribute>>;
    readonly OldImage?: Readonly<Record<string, StreamAttribute>>;
  };
}

/** Statuses from which a loan counts as lent (it was disbursed). */
const lentStatuses: readonly string[] = [...owingStatuses, ...closedStatuses];
const attempts = 5;

/**
 * A stream image as plain values. Written out rather than unmarshalled: an attribute the
 * stream delivers without a member set (e.g. an empty map, or a binary after a JSON round
 * trip) reads as null instead of failing the record.
 */
function plain(value: StreamAttribute): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.L !== undefined) return value.L.map(plain);
  if (value.M !== undefined) return image(value.M);
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  return null;
}

const image = (raw: Readonly<Record<string, StreamAttribute>> | undefined): Item | undefined => (raw ? Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, plain(value)])) : undefined);

/** Runs a step, reading its state again when a racing writer changed it. */
async function withRetries(run: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await run();
      return;
    } catch (error) {
      if (!(error instanceof StepConflict) || attempt >= attempts) throw error;
      await new Promise((wake) => setTimeout(wake, 20 * attempt));
    }
  }
}

const add = (key: CounterKey, values: Readonly<Record<string, number>>, lastMonth?: string): FiguresWrite => ({ kind: 'add', key, values, ...(lastMonth === undefined ? {} : { lastMonth }) });

function flowUpdates(grade: string, termMonths: number, date: string, flows: Partial<Flows>): FiguresWrite[] {
  const values = Object.fromEntries(flowFields.map((field) => [field, flows[field] ?? 0]));
  return cellsOf(grade, termMonths).flatMap((cell): FiguresWrite[] => [
    add({ of: 'flowAll', cell }, values),
    add({ of: 'flowMonth', cell, month: date.slice(0, 7) }, values),
    add({ of: 'flowDay', cell, day: date }, values),
  ]);
}

const owed = (aggregate: LoanAggregate | undefined) => {
  const stock = loanStock(aggregate);
  return stock.principalFen + stock.interestFen;
};

/** The loan's amount and cohort (its disbursement month), kept in the view once it is lent, and its vintage flags so far. */
function vintageOf(before: StatsAggregate | undefined, loan: Item): Pick<StatsAggregate, 'amountFen' | 'cohort' | 'everOverdue' | 'everDefault'> {
  const disbursedAt = loan.disbursedAt ?? loan.updatedAt;
  const cohort = before?.cohort ?? (typeof disbursedAt === 'string' && lentStatuses.includes(String(loan.status)) ? businessDate(new Date(disbursedAt), platformTimeZone).slice(0, 7) : undefined);
  const amountFen = before?.amountFen ?? (typeof loan.amountFen === 'number' ? loan.amountFen : undefined);
  return {
    ...(cohort !== undefined ? { cohort } : {}),
    ...(amountFen !== undefined ? { amountFen } : {}),
    ...(before?.everOverdue ? { everOverdue: true } : {}),
    ...(before?.everDefault ? { everDefault: true } : {}),
  };
}

/** The projection over its store: `processRecord` applies one change of the table, exactly once. */
export function platformFiguresProjection({ store, clock }: PlatformFiguresPorts): { processRecord(record: FiguresStreamRecord): Promise<void> } {
  const applyStep = (eventId: string, step: string, writes: readonly FiguresWrite[]) => store.applyStep(eventId, step, writes, clock());

  /**
   * The cell's stock moves by `values` in a change dated in `month`: the STOCK item and the
   * month's STOCK_MOVE item. For a rankable change (`lastMonths`: the latest month each cell's
   * stock saw, read for all the change's cells together) dated after the last month the cell
   * saw, the ranking is snapshotted for that month first and the STOCK item carries the new month.
   */
  async function stockUpdates(cell: string, month: string, values: Record<string, number>, lastMonths?: ReadonlyMap<string, string>): Promise<FiguresWrite[]> {
    if (Object.values(values).every((value) => value === 0)) return [];
    let advanceTo: string | undefined;
    if (lastMonths) {
      const lastMonth = lastMonths.get(cell);
      if (lastMonth === undefined || month > lastMonth) {
        if (lastMonth !== undefined) await store.snapshotTop(cell, lastMonth);
        advanceTo = month;
      }
    }
    return [add({ of: 'stock', cell }, values, advanceTo), add({ of: 'stockMove', cell, month }, values)];
  }

  /**
   * One step: the loan's view goes from `before` to `after` (and its flows, if any): the
   * cells' stocks, the borrower's cells and ranks move by the difference.
   */
  async function moveLoan(eventId: string, step: string, month: string, before: StatsAggregate | undefined, changed: StatsAggregate, flows?: { date: string; flows: Partial<Flows> }): Promise<void> {
    const flags = vintageFlags(before, changed);
    const after: StatsAggregate = { ...changed, everOverdue: flags.everOverdue, everDefault: flags.everDefault };
    const stock = stockDelta(loanStock(before), loanStock(after));
    const owedDelta = owed(after) - owed(before);
    const lentDelta = after.lent && !before?.lent ? 1 : 0;
    const writes: FiguresWrite[] = [{ kind: 'view', key: { of: 'loan', loanId: after.loanId }, item: { ...after, version: undefined }, previousVersion: before?.version }];
    // The disclosure's month rows (unsettled principal and loans by due date) and vintage curves, dated in `month`.
    for (const [sk, values] of Object.entries(dueMoves(before, after))) writes.push(add({ of: 'dueMove', month, sk }, values as Record<string, number>));
    if (after.cohort !== undefined && after.amountFen !== undefined && (flags.firstOverdue || flags.firstDefault)) {
      writes.push(
        add({ of: 'vintage', cohort: after.cohort, month }, {
          everOverdueFen: flags.firstOverdue ? after.amountFen : 0,
          everOverdueLoans: flags.firstOverdue ? 1 : 0,
          everDefaultFen: flags.firstDefault ? after.amountFen : 0,
          everDefaultLoans: flags.firstDefault ? 1 : 0,
        }),
      );
    }
    const cells = cellsOf(after.grade, after.termMonths);
    const borrowerMoves = owedDelta !== 0 || lentDelta !== 0;
    // The four cells' borrower views and stocks, each set in one read.
    const [borrowerCells, lastMonths] = await Promise.all([borrowerMoves ? store.readBorrowerCells(after.borrowerId, cells) : undefined, store.stocksLastMonth(cells)]);
    for (const cell of cells) {
      const found = borrowerCells?.get(cell);
      const was: BorrowerCell = { outstandingFen: Number(found?.outstandingFen ?? 0), loans: Number(found?.loans ?? 0) };
      const now: BorrowerCell = { outstandingFen: was.outstandingFen + owedDelta, loans: was.loans + lentDelta };
      const counts = borrowerCountDelta(was, now);
      const values = { ...Object.fromEntries(stockFields.map((field) => [field, stock[field]])), borrowersEver: counts.ever, borrowersCurrent: counts.current };
      writes.push(...(await stockUpdates(cell, month, values, lastMonths)));
      if (!borrowerMoves) continue;
      writes.push({ kind: 'view', key: { of: 'borrowerCell', borrowerId: after.borrowerId, cell }, item: { borrowerId: after.borrowerId, cell, ...now }, previousVersion: found ? Number(found.version ?? 0) : undefined });
      if (was.outstandingFen !== now.outstandingFen) {
        if (was.outstandingFen > 0) writes.push({ kind: 'rank', op: 'delete', cell, borrowerId: after.borrowerId, outstandingFen: was.outstandingFen });
        if (now.outstandingFen > 0) writes.push({ kind: 'rank', op: 'put', cell, borrowerId: after.borrowerId, outstandingFen: now.outstandingFen });
      }
    }
    if (flows) writes.push(...flowUpdates(after.grade, after.termMonths, flows.date, flows.flows));
    await applyStep(eventId, step, writes);
  }

  async function onLoan(eventId: string, loan: Item, month: string): Promise<void> {
    const loanId = String(loan.loanId);
    await withRetries(async () => {
      const before = await store.readLoanView(loanId);
      const status = String(loan.status);
      if (!before && !lentStatuses.includes(status)) return;
      if (!loan.grade || !loan.termMonths) return;
      const lendsNow = !before?.lent && lentStatuses.includes(status);
      const after: StatsAggregate = {
        loanId,
        borrowerId: String(loan.borrowerId),
        grade: String(loan.grade),
        termMonths: Number(loan.termMonths),
        status,
        ...(typeof loan.overdueBucket === 'string' ? { overdueBucket: loan.overdueBucket } : {}),
        installments: before?.installments ?? {},
        version: before?.version ?? 0,
        lent: before?.lent === true || lendsNow,
        ...vintageOf(before, loan),
      };
      if (before && !lendsNow && before.status === after.status && before.overdueBucket === after.overdueBucket && before.grade === after.grade && before.termMonths === after.termMonths) return;
      let flows: { date: string; flows: Partial<Flows> } | undefined;
      if (lendsNow) {
        const amountFen = Number(loan.amountFen);
        const related = await store.isRelatedParty(after.borrowerId);
        const at = String(loan.disbursedAt ?? loan.updatedAt);
        flows = { date: businessDate(new Date(at), platformTimeZone), flows: { lentFen: amountFen, lentCount: 1, relatedFen: related ? amountFen : 0, relatedCount: related ? 1 : 0 } };
      }
      await moveLoan(eventId, 'loan', month, before, after, flows);
    });
    if (closedStatuses.includes(String(loan.status))) await closeHoldings(eventId, loanId, month);
  }

  async function onInstallment(eventId: string, loanId: string, number: string, installment: Item | undefined, month: string): Promise<void> {
    await withRetries(async () => {
      let before = await store.readLoanView(loanId);
      if (!before) {
        const loan = await store.loanItem(loanId);
        if (!loan || !lentStatuses.includes(String(loan.status))) return;
        await onLoan(`${eventId}:loan`, loan, monthOfChange(undefined, loan));
        before = await store.readLoanView(loanId);
        if (!before) return;
      }
      const installments = { ...before.installments };
      const was = installments[number];
      if (installment) installments[number] = installmentState(installment as never);
      else delete installments[number];
      const next = installments[number];
      // Penalty accruals, index keys, timestamps: nothing this view counts changed.
      if (was?.p === next?.p && was?.i === next?.i && was?.s === next?.s) return;
      await moveLoan(eventId, 'installment', month, before, { ...before, installments });
    });
  }

  /** The loan's grade and term, from the projection's view or the loan item. */
  async function cellsOfLoan(loanId: string): Promise<string[] | undefined> {
    const aggregate = await store.readLoanView(loanId);
    if (aggregate) return cellsOf(aggregate.grade, aggregate.termMonths);
    const loan = await store.loanItem(loanId);
    if (!loan?.grade || !loan.termMonths) return undefined;
    return cellsOf(String(loan.grade), Number(loan.termMonths));
  }

  async function moveInvestor(eventId: string, step: string, month: string, investorId: string, cells: readonly string[], change: { loans: number; active: number }, extra: FiguresWrite[]): Promise<void> {
    const writes: FiguresWrite[] = [...extra];
    const investorCells = await store.readInvestorCells(investorId, cells);
    for (const cell of cells) {
      const found = investorCells.get(cell);
      const was: InvestorCell = { loans: Number(found?.loans ?? 0), active: Number(found?.active ?? 0) };
      const now: InvestorCell = { loans: was.loans + change.loans, active: Math.max(0, was.active + change.active) };
      const counts = investorCountDelta(was, now);
      writes.push({ kind: 'view', key: { of: 'investorCell', investorId, cell }, item: { investorId, cell, ...now }, previousVersion: found ? Number(found.version ?? 0) : undefined });
      writes.push(...(await stockUpdates(cell, month, { investorsEver: counts.ever, investorsCurrent: counts.current })));
    }
    await applyStep(eventId, step, writes);
  }

  async function onBidPosted(eventId: string, loanId: string, investorId: string, month: string): Promise<void> {
    await withRetries(async () => {
      if (await store.hasHold(loanId, investorId)) return;
      const cells = await cellsOfLoan(loanId);
      if (!cells) return;
      await moveInvestor(eventId, 'bid', month, investorId, cells, { loans: 1, active: 1 }, [{ kind: 'hold', loanId, investorId }]);
    });
  }

  /** The loan closed: each of its investors holds one loan fewer (a step per investor). */
  async function closeHoldings(eventId: string, loanId: string, month: string): Promise<void> {
    const cells = await cellsOfLoan(loanId);
    if (!cells) return;
    for await (const page of store.holdsOf(loanId)) {
      for (const hold of page) {
        const investorId = String(hold.investorId);
        if (hold.closed === true) continue;
        await withRetries(() => moveInvestor(eventId, `close:${investorId}`, month, investorId, cells, { loans: 0, active: -1 }, [{ kind: 'closeHold', loanId, investorId }]));
      }
    }
  }

  /** A flow of one loan (a compensation paid, a transfer settled, a reschedule accepted) on the business date of `at`, in the loan's cells. */
  async function onLoanFlow(eventId: string, step: string, loanId: string, at: string, flows: Partial<Flows>): Promise<void> {
    await withRetries(async () => {
      const aggregate = await store.readLoanView(loanId);
      const loan = aggregate ? undefined : await store.loanItem(loanId);
      const grade = aggregate?.grade ?? (loan?.grade as string | undefined);
      const termMonths = aggregate?.termMonths ?? (loan?.termMonths as number | undefined);
      if (!grade || !termMonths) return;
      await applyStep(eventId, step, flowUpdates(grade, Number(termMonths), businessDate(new Date(at), platformTimeZone), flows));
    });
  }

  /** The business month a change is dated in: its item's `changedAt`, else the time attribute it wrote, else the projection's clock. */
  function monthOfChange(before: Item | undefined, after: Item | undefined): string {
    return businessMonthOf(changeTime(before, after) ?? clock().toISOString());
  }

  async function processRecord(record: FiguresStreamRecord): Promise<void> {
    const keys = image(record.dynamodb?.Keys);
    const pk = String(keys?.pk ?? '');
    const sk = String(keys?.sk ?? '');
    if (!pk || store.isOwnItem(pk)) return;
    const eventId = String(record.eventID ?? record.dynamodb?.SequenceNumber);
    const after = image(record.dynamodb?.NewImage);
    const before = image(record.dynamodb?.OldImage);
    if (pk.startsWith('LOAN#')) {
      const loanId = pk.slice('LOAN#'.length);
      const month = monthOfChange(before, after);
      if (sk === 'LOAN') {
        if (after && (before?.status !== after.status || before?.overdueBucket !== after.overdueBucket || !before)) await onLoan(eventId, after, month);
      } else if (sk.startsWith('INSTALLMENT#')) {
        await onInstallment(eventId, loanId, sk.slice('INSTALLMENT#'.length), after, month);
      } else if (sk.startsWith('BID#')) {
        if (after?.status === 'POSTED' && before?.status !== 'POSTED') await onBidPosted(eventId, loanId, String(after.investorId), month);
      } else if (sk === 'RESCHEDULE') {
        if (after?.status === 'ACCEPTED' && before?.status !== 'ACCEPTED') await onLoanFlow(eventId, 'reschedule', loanId, String(after.acceptedAt), { rescheduledFen: Number(after.principalFen ?? 0), rescheduledCount: 1 });
      }
    } else if (pk === 'RISK_RESERVE' && sk.startsWith('DECISION#')) {
      if (after?.status === 'PAID' && before?.status !== 'PAID') {
        await onLoanFlow(eventId, 'compensation', String(after.loanId), String(after.paidAt ?? after.decidedAt), { compensatedFen: Number(after.paidFen ?? after.amountFen ?? 0), compensatedCount: 1 });
      }
    } else if (pk.startsWith('DEBT_TRANSFER#') && sk === 'PURCHASE') {
      if (after?.status === 'SETTLED' && before?.status !== 'SETTLED') await onLoanFlow(eventId, 'transfer', String(after.loanId), String(after.settledAt), { transferFen: Number(after.priceFen), transferCount: 1 });
    }
  }

  return { processRecord };
}

/** Applies a batch in order; the first record that fails is reported (it and those after it come again). */
export async function projectPlatformFigures(ports: PlatformFiguresPorts, records: readonly FiguresStreamRecord[]): Promise<{ failedFrom?: string }> {
  const { processRecord } = platformFiguresProjection(ports);
  for (const record of records) {
    try {
      await processRecord(record);
    } catch (error) {
      ports.signals.logError('platform figures: record not applied; it and those after it come again', { eventID: record.eventID, error: (error as Error).message });
      return { failedFrom: String(record.dynamodb?.SequenceNumber ?? '') };
    }
  }
  return {};
}
