/**
 * The platform figures recomputed from scratch for tests: a full scan of the table
 * (journal entries for what was lent and transferred, loans, installments, bids, profiles,
 * risk-reserve decisions), with the definitions of functions/core/platform-counters.ts written out
 * again here, then formatted like GET /v1/stats. Compare with the incremental counters.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { businessDate, platformTimeZone } from '../../functions/core/calendar';
import type { Figures, FiguresFilter } from '../../functions/core/platform-counters';
import { eventually, json, type RunningTwin } from './twin-process';

type Item = Record<string, any>;

export async function scanTable(documents: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const shanghaiDate = (iso: string) => businessDate(new Date(iso), platformTimeZone);

export function recomputeFigures(items: readonly Item[], filter: FiguresFilter): Figures {
  const loans = new Map<string, Item>();
  const installments = new Map<string, Item[]>();
  const bids: Item[] = [];
  const profiles = new Map<string, Item>();
  const entries: Item[] = [];
  const decisions: Item[] = [];
  const reschedules: Item[] = [];
  for (const item of items) {
    const pk = String(item.pk);
    const sk = String(item.sk);
    if (pk.startsWith('LOAN#') && sk === 'LOAN') loans.set(item.loanId, item);
    else if (pk.startsWith('LOAN#') && sk.startsWith('INSTALLMENT#')) installments.set(item.loanId, [...(installments.get(item.loanId) ?? []), item]);
    else if (pk.startsWith('LOAN#') && sk.startsWith('BID#')) bids.push(item);
    else if (pk.startsWith('USER#') && sk === 'PROFILE') profiles.set(item.userId, item);
    else if (pk.startsWith('ENTRY#')) entries.push(item);
    else if (pk === 'RISK_RESERVE' && sk.startsWith('DECISION#')) decisions.push(item);
    else if (pk.startsWith('LOAN#') && sk === 'RESCHEDULE') reschedules.push(item);
  }
  const inCell = (loan: Item | undefined) =>
    loan !== undefined && (filter.grade === undefined || loan.grade === filter.grade) && (filter.termMonths === undefined || Number(loan.termMonths) === filter.termMonths);
  const inRange = (date: string) => (filter.from === undefined || date >= filter.from) && (filter.to === undefined || date <= filter.to);

  // Flows: what was lent, from the ledger's disbursement entries (subscription → borrower and fee).
  let lentFen = 0;
  let lentCount = 0;
  let relatedFen = 0;
  let relatedCount = 0;
  const lentLoans = new Set<string>();
  for (const entry of entries.filter((candidate) => candidate.kind === 'disbursement')) {
    const loanId = String(entry.entryId).slice('disburse:'.length);
    const loan = loans.get(loanId);
    if (!inCell(loan)) continue;
    lentLoans.add(loanId);
    if (!inRange(shanghaiDate(entry.recordedAt))) continue;
    const amount = (entry.transfers as Item[]).filter((transfer) => transfer.debit === `loan:${loanId}:subscription`).reduce((sum, transfer) => sum + transfer.amountFen, 0);
    lentFen += amount;
    lentCount += 1;
    if (profiles.get(loan!.borrowerId)?.relatedParty === true) {
      relatedFen += amount;
      relatedCount += 1;
    }
  }
  // Transfers: the ledger's settlement entries (xfer-settle:{purchaseId}), their price paid to the seller and the fee.
  let transferFen = 0;
  let transferCount = 0;
  for (const entry of entries.filter((candidate) => candidate.kind === 'transfer')) {
    const posted = (entry.transfers as Item[]).filter((transfer) => String(transfer.debit ?? '').endsWith(':transfer'));
    const loanId = String(posted[0]?.debit ?? '').slice('loan:'.length, -':transfer'.length);
    if (!inCell(loans.get(loanId)) || !inRange(shanghaiDate(entry.recordedAt))) continue;
    transferFen += posted.reduce((sum, transfer) => sum + transfer.amountFen, 0);
    transferCount += 1;
  }
  let compensatedFen = 0;
  let compensatedCount = 0;
  for (const decision of decisions) {
    if (decision.status !== 'PAID' || !inCell(loans.get(decision.loanId)) || !inRange(shanghaiDate(decision.paidAt ?? decision.decidedAt))) continue;
    compensatedFen += decision.paidFen ?? decision.amountFen;
    compensatedCount += 1;
  }
  let rescheduledFen = 0;
  let rescheduledCount = 0;
  for (const request of reschedules) {
    if (request.status !== 'ACCEPTED' || !inCell(loans.get(request.loanId)) || !inRange(shanghaiDate(request.acceptedAt))) continue;
    rescheduledFen += request.principalFen;
    rescheduledCount += 1;
  }

  // Stocks, from the loans and their installments.
  const stock = { principalFen: 0, interestFen: 0, loans: 0, overdueFen: 0, overdueLoans: 0, overdue90Fen: 0, overdue90Loans: 0, borrowersEver: 0, borrowersCurrent: 0, investorsEver: 0, investorsCurrent: 0 };
  const owedByBorrower = new Map<string, number>();
  const borrowersEver = new Set<string>();
  for (const loanId of lentLoans) {
    const loan = loans.get(loanId)!;
    borrowersEver.add(loan.borrowerId);
    if (!['DISBURSED', 'REPAYING', 'DEFAULTED'].includes(loan.status)) continue;
    let principal = 0;
    let interest = 0;
    let overdue = false;
    for (const installment of installments.get(loanId) ?? []) {
      if (installment.status === 'SETTLED') continue;
      const p = Math.max(0, installment.principalFen - (installment.paidPrincipalFen ?? 0));
      const i = Math.max(0, installment.interestFen - (installment.paidInterestFen ?? 0));
      principal += p;
      interest += i;
      if (installment.status === 'OVERDUE' && p + i > 0) overdue = true;
    }
    const owed = principal + interest;
    if (owed === 0) continue;
    stock.principalFen += principal;
    stock.interestFen += interest;
    stock.loans += 1;
    if (overdue) {
      stock.overdueFen += owed;
      stock.overdueLoans += 1;
      if (loan.overdueBucket === '90+') {
        stock.overdue90Fen += owed;
        stock.overdue90Loans += 1;
      }
    }
    owedByBorrower.set(loan.borrowerId, (owedByBorrower.get(loan.borrowerId) ?? 0) + owed);
  }
  stock.borrowersEver = borrowersEver.size;
  stock.borrowersCurrent = owedByBorrower.size;
  const investorsEver = new Set<string>();
  const investorsCurrent = new Set<string>();
  for (const bid of bids) {
    const loan = loans.get(bid.loanId);
    if (bid.status !== 'POSTED' || !inCell(loan)) continue;
    investorsEver.add(bid.investorId);
    if (!['SETTLED', 'WRITTEN_OFF'].includes(loan!.status)) investorsCurrent.add(bid.investorId);
  }
  stock.investorsEver = investorsEver.size;
  stock.investorsCurrent = investorsCurrent.size;
  const topBorrowersFen = [...owedByBorrower.values()].sort((a, b) => b - a).slice(0, 10);
  return { flows: { lentFen, lentCount, relatedFen, relatedCount, compensatedFen, compensatedCount, transferFen, transferCount, rescheduledFen, rescheduledCount }, stock, topBorrowersFen };
}

/** The adapters (formatFigures, platformFigures) pointed at the twin's table. */
export async function figuresAdapter(twin: RunningTwin): Promise<typeof import('../../functions/adapters/dynamodb/platform-figures-repository')> {
  Object.assign(process.env, { TABLE_NAME: twin.tableName, AWS_ENDPOINT_URL_DYNAMODB: twin.dynamoDbUrl, AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'twin', AWS_SECRET_ACCESS_KEY: 'twin' });
  return import('../../functions/adapters/dynamodb/platform-figures-repository');
}

/** A filter as GET /v1/stats's query string. */
export const statsQuery = (filter: FiguresFilter): string =>
  new URLSearchParams(Object.entries(filter).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as [string, string]]))).toString();

/**
 * GET /v1/stats with each filter equals recomputeFigures over a full scan, formatted the
 * same way (the fee schedule aside), to the fen. The consumer follows the table's stream:
 * waits (up to a minute) until it caught up, then the figures must stay equal.
 */
export async function expectStatsEqualRecomputation(twin: RunningTwin, documents: DynamoDBDocumentClient, filters: readonly FiguresFilter[]): Promise<void> {
  const adapter = await figuresAdapter(twin);
  const compare = async () => {
    const items = await scanTable(documents, twin.tableName);
    for (const filter of filters) {
      const { status, body } = await json(`${twin.apiUrl}/v1/stats?${statsQuery(filter)}`);
      if (status !== 200) throw new Error(`GET /v1/stats?${statsQuery(filter)}: ${status} ${JSON.stringify(body)}`);
      const expected = adapter.formatFigures(recomputeFigures(items, filter), filter, new Date(body.asOf));
      if (JSON.stringify({ ...body, fees: undefined }) !== JSON.stringify({ ...expected, fees: undefined })) return { filter, body, expected };
    }
    return undefined;
  };
  let last: Awaited<ReturnType<typeof compare>>;
  try {
    await eventually(async () => ((last = await compare()) === undefined ? true : undefined), 'the stats to equal the recomputation', 60_000);
  } catch {
    expect(last?.body).toEqual(last?.expected);
  }
  expect(await compare()).toBeUndefined();
}
