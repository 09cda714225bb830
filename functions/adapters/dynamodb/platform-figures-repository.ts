/**
 * Platform figures (GET /v1/stats, the monthly disclosure): reads the counters the
 * `platform-figures` stream consumer maintains (functions/streams/platform-figures-consumer.ts).
 * Keys live here only:
 *   STATS#{cell} / STOCK                 current stocks of the cell (outstanding, overdue, borrowers, investors)
 *   STATS#{cell} / FLOW#ALL              flows since the start (lent, related-party, compensated)
 *   STATS#{cell} / MONTH#{yyyy-mm}       flows of a month (business dates, Asia/Shanghai)
 *   STATS#{cell} / DAY#{yyyy-mm-dd}      flows of a day
 *   STATS#{cell} / STOCK_MOVE#{yyyy-mm}  what the stock moved by in changes dated in that month: the stock at a month's end is the sum up to it
 *   STATS#{cell} / TOP10#{yyyy-mm}       the cell's top-10 outstanding as it stood when the first change dated after that month came (first writer wins)
 *   STATS_DUE#{yyyy-mm} / P#{dueDate}    unsettled installment principal due that day, moved by changes dated in that month (the disclosure's month rows)
 *   STATS_DUE#{yyyy-mm} / L#{dueDate}    loans whose earliest unsettled installment is due that day, likewise
 *   STATS_VINTAGE#{cohort} / MONTH#{yyyy-mm}   amount and loans of the cohort (disbursement month) first overdue / first 90+ in that month
 *   STATS_RANK#{cell} / {rankKey}        one item per borrower owing in the cell, sorted by outstanding (largest first)
 *   STATS_BORROWER#{borrowerId} / CELL#{cell}   the borrower's outstanding and loans in the cell (consumer's state)
 *   STATS_INVESTOR#{investorId} / CELL#{cell}   the investor's loans held and active in the cell (consumer's state)
 *   STATS_HOLD#{loanId} / {investorId}   the investor holds a stake in the loan (counted once)
 *   STATS_LOAN#{loanId} / AGG            what the consumer knows of the loan (status, grade, term, unpaid per installment)
 *   STATS_EVENT#{eventId} / {part}       a stream record (part) already applied: a redelivery applies nothing
 * A cell is `{grade|*}#{termMonths|*}` (functions/core/platform-counters.ts cellsOf): every
 * filter reads exactly one cell. A read is a GetItem of STOCK, one query of the top 10
 * ranks (Limit 10), and for the flows either FLOW#ALL or at most three queries (the
 * whole months of the range from MONTH# items, its partial months from DAY# items):
 * bounded by the range, never by the loan book.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { businessDate, platformTimeZone } from '../../core/calendar';
import {
  addFlows,
  cellOf,
  decimalString,
  figureRates,
  flowFields,
  noCellStock,
  noFlows,
  rangePlan,
  rankingAtMonthEnd,
  sumStockMoves,
  type CellStock,
  type Figures,
  type FiguresFilter,
  type Flows,
  type PlatformFiguresReport,
} from '../../core/platform-counters';
import { monthEnd, nextMonth, type DisclosureCounters } from '../../core/disclosure-figures';
import { fen, formatYuan } from '../../core/money';
import { formatRate } from '../../core/rate';
import { config } from '../../settings/settings';
import { documents, queryAll } from './client';
import { now } from '../runtime/clock';
import { policy } from '../../settings/settings';

export type { FiguresFilter } from '../../core/platform-counters';

export const statsKeys = {
  stock: (cell: string) => ({ pk: `STATS#${cell}`, sk: 'STOCK' }),
  flowAll: (cell: string) => ({ pk: `STATS#${cell}`, sk: 'FLOW#ALL' }),
  flowMonth: (cell: string, month: string) => ({ pk: `STATS#${cell}`, sk: `MONTH#${month}` }),
  flowDay: (cell: string, day: string) => ({ pk: `STATS#${cell}`, sk: `DAY#${day}` }),
  stockMove: (cell: string, month: string) => ({ pk: `STATS#${cell}`, sk: `STOCK_MOVE#${month}` }),
  topSnapshot: (cell: string, month: string) => ({ pk: `STATS#${cell}`, sk: `TOP10#${month}` }),
  dueMove: (month: string, sk: string) => ({ pk: `STATS_DUE#${month}`, sk }),
  vintage: (cohort: string, month: string) => ({ pk: `STATS_VINTAGE#${cohort}`, sk: `MONTH#${month}` }),
  rankPartition: (cell: string) => `STATS_RANK#${cell}`,
  borrowerCell: (borrowerId: string, cell: string) => ({ pk: `STATS_BORROWER#${borrowerId}`, sk: `CELL#${cell}` }),
  investorCell: (investorId: string, cell: string) => ({ pk: `STATS_INVESTOR#${investorId}`, sk: `CELL#${cell}` }),
  hold: (loanId: string, investorId: string) => ({ pk: `STATS_HOLD#${loanId}`, sk: investorId }),
  holdPartition: (loanId: string) => `STATS_HOLD#${loanId}`,
  loan: (loanId: string) => ({ pk: `STATS_LOAN#${loanId}`, sk: 'AGG' }),
  event: (eventId: string, part: string) => ({ pk: `STATS_EVENT#${eventId}`, sk: part }),
};

/** Items of the consumer's own (never counted again when they come back on the stream). */
export const isStatsItem = (pk: string): boolean => pk.startsWith('STATS');

/** What a read cost: items read and requests made (the scaling test checks it). */
export interface ReadCost {
  requests: number;
  items: number;
}

export type { PlatformFiguresReport } from '../../core/platform-counters';

const yuan = (amountFen: number) => formatYuan(fen(amountFen));

function flowsOf(item: Record<string, unknown> | undefined): Flows {
  if (!item) return noFlows;
  return Object.fromEntries(flowFields.map((field) => [field, Number(item[field] ?? 0)])) as unknown as Flows;
}

function stockOf(item: Record<string, unknown> | undefined): CellStock {
  if (!item) return noCellStock;
  return Object.fromEntries(Object.keys(noCellStock).map((field) => [field, Number(item[field] ?? 0)])) as unknown as CellStock;
}

async function queryBetween(pk: string, from: string, to: string, cost: ReadCost): Promise<Flows> {
  const items = await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to } }, (page) => {
    cost.requests += 1;
    cost.items += page.ScannedCount ?? page.Count ?? 0;
  });
  return items.reduce((flows: Flows, item) => addFlows(flows, flowsOf(item)), noFlows);
}

async function readFlows(cell: string, from: string | undefined, to: string | undefined, cost: ReadCost): Promise<Flows> {
  if (from === undefined && to === undefined) {
    const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: statsKeys.flowAll(cell) }));
    cost.requests += 1;
    cost.items += Item ? 1 : 0;
    return flowsOf(Item);
  }
  const plan = rangePlan(from ?? '1970-01-01', to ?? '9999-12-31');
  const pk = `STATS#${cell}`;
  const parts = await Promise.all([
    ...(plan.months ? [queryBetween(pk, `MONTH#${plan.months.from}`, `MONTH#${plan.months.to}`, cost)] : []),
    ...plan.days.map((days) => queryBetween(pk, `DAY#${days.from}`, `DAY#${days.to}`, cost)),
  ]);
  return parts.reduce((sum, part) => addFlows(sum, part), noFlows);
}

/** The counters of one filter, in fen (what the report is formatted from). */
export async function readFigures(filter: FiguresFilter, cost: ReadCost = { requests: 0, items: 0 }): Promise<Figures> {
  const cell = cellOf(filter.grade, filter.termMonths);
  const [stockItem, flows, ranks] = await Promise.all([
    documents.send(new GetCommand({ TableName: config.tableName(), Key: statsKeys.stock(cell) })),
    readFlows(cell, filter.from, filter.to, cost),
    documents.send(
      new QueryCommand({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.rankPartition(cell) }, Limit: 10 }),
    ),
  ]);
  cost.requests += 2;
  cost.items += (stockItem.Item ? 1 : 0) + (ranks.ScannedCount ?? ranks.Count ?? 0);
  return { flows, stock: stockOf(stockItem.Item), topBorrowersFen: (ranks.Items ?? []).map((item) => Number(item.outstandingFen ?? 0)) };
}

export function formatFigures(figures: Figures, filter: FiguresFilter, asOf: Date): PlatformFiguresReport {
  const rates = figureRates(figures);
  const { stock, flows } = figures;
  return {
    asOf: asOf.toISOString(),
    filter: {
      ...(filter.from !== undefined ? { from: filter.from } : {}),
      ...(filter.to !== undefined ? { to: filter.to } : {}),
      ...(filter.grade !== undefined ? { grade: filter.grade } : {}),
      ...(filter.termMonths !== undefined ? { termMonths: filter.termMonths } : {}),
    },
    lent: { amount: yuan(flows.lentFen), count: flows.lentCount },
    outstanding: { principal: yuan(stock.principalFen), interest: yuan(stock.interestFen), total: yuan(stock.principalFen + stock.interestFen), count: stock.loans },
    borrowers: { cumulative: stock.borrowersEver, current: stock.borrowersCurrent },
    investors: { cumulative: stock.investorsEver, current: stock.investorsCurrent },
    overdue: {
      amount: yuan(stock.overdueFen),
      count: stock.overdueLoans,
      rateByAmount: decimalString(rates.overdueRateByAmount),
      rateByCount: decimalString(rates.overdueRateByCount),
      over90: {
        amount: yuan(stock.overdue90Fen),
        count: stock.overdue90Loans,
        rateByAmount: decimalString(rates.overdue90RateByAmount),
        rateByCount: decimalString(rates.overdue90RateByCount),
      },
    },
    concentration: {
      top10: { amount: yuan(rates.top10Fen), share: decimalString(rates.top10Share) },
      largest: { amount: yuan(rates.largestFen), share: decimalString(rates.largestShare) },
    },
    relatedParty: { amount: yuan(flows.relatedFen), count: flows.relatedCount },
    compensated: { amount: yuan(flows.compensatedFen), count: flows.compensatedCount },
    transfers: { amount: yuan(flows.transferFen), count: flows.transferCount },
    rescheduled: { amount: yuan(flows.rescheduledFen), count: flows.rescheduledCount },
    fees: {
      borrowerServiceFeeRate: formatRate(policy.borrowerServiceFeeRate()),
      investorManagementFeeRate: formatRate(policy.investorManagementFeeRate()),
      riskReserveShare: formatRate(policy.riskReserveShare()),
      penaltyRate: formatRate(policy.penaltyRate()),
    },
  };
}

/**
 * The platform's figures for a filter. `asOf` (e.g. a month's end for the disclosure)
 * caps the flows at its business date (Asia/Shanghai); the stocks are those at the read.
 * For the figures as they stood at a month's end (stocks included) see monthEndFigures.
 */
export async function platformFigures(filter: FiguresFilter = {}, asOf?: Date, cost?: ReadCost): Promise<PlatformFiguresReport> {
  const at = asOf ?? now();
  const cap = asOf ? businessDate(asOf, platformTimeZone) : undefined;
  const to = cap !== undefined && (filter.to === undefined || filter.to > cap) ? cap : filter.to;
  const effective: FiguresFilter = { ...filter, ...(to !== undefined ? { to } : {}) };
  return formatFigures(await readFigures(effective, cost), effective, at);
}

/**
 * The counters of one filter as they stood at the end of `month` (YYYY-MM, Asia/Shanghai):
 * flows capped at its last day; stocks the sum of the cell's STOCK_MOVE items up to it
 * (one Query: a cell has one per month with changes); the top 10 from the current
 * ranking while no change dated after the month reached the cell, else from the latest
 * TOP10 snapshot of a month ≤ it. The ranking is read before the STOCK item (its
 * `lastMonth`): if a later-dated change lands in between, the snapshot it wrote first is
 * read instead. Never the loan book.
 */
export async function readMonthEndFigures(filter: FiguresFilter, month: string, cost: ReadCost = { requests: 0, items: 0 }): Promise<Figures> {
  const cell = cellOf(filter.grade, filter.termMonths);
  const pk = `STATS#${cell}`;
  const end = monthEnd(month);
  const to = filter.to === undefined || filter.to > end ? end : filter.to;
  const counted = (page: { ScannedCount?: number; Count?: number }) => {
    cost.requests += 1;
    cost.items += page.ScannedCount ?? page.Count ?? 0;
  };
  const [flows, moves, ranks] = await Promise.all([
    readFlows(cell, filter.from, to, cost),
    queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': 'STOCK_MOVE#', ':to': `STOCK_MOVE#${month}` }, ConsistentRead: true }, counted),
    documents.send(new QueryCommand({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.rankPartition(cell) }, Limit: 10, ConsistentRead: true })),
  ]);
  counted(ranks);
  const { Item: stockItem } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: statsKeys.stock(cell), ConsistentRead: true }));
  counted({ Count: stockItem ? 1 : 0 });
  const lastMonth = typeof stockItem?.lastMonth === 'string' ? stockItem.lastMonth : undefined;
  let topBorrowersFen = (ranks.Items ?? []).map((item) => Number(item.outstandingFen ?? 0));
  if (rankingAtMonthEnd(lastMonth, month) === 'snapshot') {
    const snapshot = await documents.send(
      new QueryCommand({
        TableName: config.tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': 'TOP10#', ':to': `TOP10#${month}` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    counted(snapshot);
    const taken = snapshot.Items?.[0]?.topBorrowersFen;
    topBorrowersFen = Array.isArray(taken) ? taken.map(Number) : [];
  }
  return { flows, stock: sumStockMoves(moves), topBorrowersFen };
}

/** The platform's figures as they stood at the end of a month (the monthly disclosure's headline). */
export async function monthEndFigures(filter: FiguresFilter, month: string, cost?: ReadCost): Promise<PlatformFiguresReport> {
  const end = monthEnd(month);
  const to = filter.to === undefined || filter.to > end ? end : filter.to;
  const effective: FiguresFilter = { ...filter, to };
  return formatFigures(await readMonthEndFigures(filter, month, cost), effective, new Date(`${end}T23:59:59.999+08:00`));
}

/**
 * The counters the disclosure's month rows and vintage curves are computed from, up to
 * `month`: the whole platform's month flows (one Query), the due-date moves of each month
 * since the first lending (a Query per month) and each cohort's vintage moves (a Query
 * per cohort). Bounded by the months the platform has run, never by its loans.
 */
export async function disclosureCounters(month: string, cost: ReadCost = { requests: 0, items: 0 }): Promise<DisclosureCounters> {
  const counted = (page: { ScannedCount?: number; Count?: number }) => {
    cost.requests += 1;
    cost.items += page.ScannedCount ?? page.Count ?? 0;
  };
  const between = (pk: string, from: string, to: string) =>
    queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to }, ConsistentRead: true }, counted);
  const flows = await between(`STATS#${cellOf(undefined, undefined)}`, 'MONTH#', `MONTH#${month}`);
  const lent = flows
    .map((item) => ({ month: String(item.sk).slice('MONTH#'.length), lentFen: Number(item.lentFen ?? 0), lentCount: Number(item.lentCount ?? 0) }))
    .filter((entry) => entry.lentCount > 0);
  const cohorts = lent.map((entry) => entry.month).sort();
  const first = cohorts[0];
  if (first === undefined) return { lent, dueMoves: [], vintageMoves: [] };
  const months: string[] = [];
  for (let each = first; each <= month; each = nextMonth(each)) months.push(each);
  const [dueMoves, vintageMoves] = await Promise.all([
    Promise.all(
      months.map(async (each) =>
        (await queryAll({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.dueMove(each, '').pk }, ConsistentRead: true }, counted)).map((item) => {
          const sk = String(item.sk);
          return { month: each, dueDate: sk.slice(2), principalFen: Number(item.principalFen ?? 0), loans: Number(item.loans ?? 0) };
        }),
      ),
    ),
    Promise.all(
      cohorts.map(async (cohort) =>
        (await between(statsKeys.vintage(cohort, '').pk, `MONTH#${cohort}`, `MONTH#${month}`)).map((item) => ({
          cohort,
          month: String(item.sk).slice('MONTH#'.length),
          everOverdueFen: Number(item.everOverdueFen ?? 0),
          everDefaultFen: Number(item.everDefaultFen ?? 0),
        })),
      ),
    ),
  ]);
  return { lent, dueMoves: dueMoves.flat(), vintageMoves: vintageMoves.flat() };
}
