/**
 * The platform figures recomputed from scratch for tests: a full scan of the table
 * (journal entries for what was lent, loans, installments, bids, profiles, risk-reserve
 * decisions), with the definitions of functions/core/platform-figures.ts written out
 * again here, then formatted like GET /v1/stats. Compare with the incremental counters.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { businessDate } from '../../functions/core/calendar';
import type { Figures, FiguresFilter } from '../../functions/core/platform-figures';

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

const shanghaiDate = (iso: string) => businessDate(new Date(iso), 'Asia/Shanghai');

export function recomputeFigures(items: readonly Item[], filter: FiguresFilter): Figures {
  const loans = new Map<string, Item>();
  const installments = new Map<string, Item[]>();
  const bids: Item[] = [];
  const profiles = new Map<string, Item>();
  const entries: Item[] = [];
  const decisions: Item[] = [];
  for (const item of items) {
    const pk = String(item.pk);
    const sk = String(item.sk);
    if (pk.startsWith('LOAN#') && sk === 'LOAN') loans.set(item.loanId, item);
    else if (pk.startsWith('LOAN#') && sk.startsWith('INSTALLMENT#')) installments.set(item.loanId, [...(installments.get(item.loanId) ?? []), item]);
    else if (pk.startsWith('LOAN#') && sk.startsWith('BID#')) bids.push(item);
    else if (pk.startsWith('USER#') && sk === 'PROFILE') profiles.set(item.userId, item);
    else if (pk.startsWith('ENTRY#')) entries.push(item);
    else if (pk === 'RISK_RESERVE' && sk.startsWith('DECISION#')) decisions.push(item);
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
  let compensatedFen = 0;
  let compensatedCount = 0;
  for (const decision of decisions) {
    if (decision.status !== 'PAID' || !inCell(loans.get(decision.loanId)) || !inRange(shanghaiDate(decision.paidAt ?? decision.decidedAt))) continue;
    compensatedFen += decision.paidFen ?? decision.amountFen;
    compensatedCount += 1;
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
  return { flows: { lentFen, lentCount, relatedFen, relatedCount, compensatedFen, compensatedCount }, stock, topBorrowersFen };
}
