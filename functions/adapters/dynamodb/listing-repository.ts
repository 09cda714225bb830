/**
 * Listings and bids in the platform table. Keys live here only:
 *   LOAN#{loanId} / LOAN          the loan; while LISTED it carries marketplacePk = LISTED and
 *                                 marketplaceSk = {grade}#{deadline}#{loanId} (the marketplace index),
 *                                 and fundedFen / bidCount
 *   LOAN#{loanId} / BID#{bidId}   a bid; byOwner: USER#{investorId}#BID / {createdAt}#{bidId}
 *   LOAN#{loanId} / INVESTOR#{investorId}   the investor has bid on the loan (counted once in the
 *                                 listing's investorCount, which stays ≤ maxInvestorsPerLoan)
 *   USER#{investorId} / BID_TOTALS   placedFen: every bid the investor ever placed (only bids raise it)
 * A bid's freeze (core/bidding bidFreezeEntry: the ledger's pending transfer
 * custody(investor) → subscription(loan), id = the bid id), the bid item, the listing's funded
 * amount and the investor's placed total are one TransactWriteItems, with a check that the
 * investor's profile still holds the risk assessment the limit was read from. DynamoDB checks
 * each condition on the item itself: the listing's (status LISTED, funded + amount ≤ amount,
 * investorCount ≤ maxInvestorsPerLoan) and the investor's (placed + amount ≤ the ceiling
 * of their limit, core/bidding placedCeilingFen), so no concurrency can oversubscribe a
 * listing or take an investor past their limit.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { maxInvestorsPerLoan } from '../../core/disbursement';
import { ConcurrentModificationError, ListingUnavailableError, UnsuitableInvestorError } from '../../core/errors';
import { config } from '../../settings/settings';
import { fen, formatYuan } from '../../core/money';
import { accounts, type AvailableKept } from '../../core/ledger';
import { decodeCursor, encodeCursor, ownerPage } from './page-cursor';
import { documents, isConditionFailure, queryAll, queryPages, queryUpTo } from './client';
import { recordEntry, type ConditionalItem } from './ledger-repository';
import { findLoan } from './loan-repository';
import { userKey } from './user-repository';
import { bidFreezeEntry, bidVoidEntry, investmentLimitMessage, type BidRecord, type ListingRecord } from '../../core/bidding';
import type { InvestmentCap } from '../../application/ports/listings';

export type { BidRecord, BidStatus, ListingRecord } from '../../core/bidding';

export const marketplaceOpen = 'LISTED';
const loanKey = (loanId: string) => ({ pk: `LOAN#${loanId}`, sk: 'LOAN' });
const bidKey = (loanId: string, bidId: string) => ({ pk: `LOAN#${loanId}`, sk: `BID#${bidId}` });
const bidOwnerPartition = (investorId: string) => `USER#${investorId}#BID`;
const investorKey = (loanId: string, investorId: string) => ({ pk: `LOAN#${loanId}`, sk: `INVESTOR#${investorId}` });
const bidTotalsKey = (investorId: string) => ({ pk: `USER#${investorId}`, sk: 'BID_TOTALS' });

/** The investor's first bid raced another of theirs that counted them: place it again as a further bid. */
class InvestorCountedMeanwhile extends Error {}

async function hasBidOn(loanId: string, investorId: string): Promise<boolean> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: investorKey(loanId, investorId), ConsistentRead: true }));
  return Item !== undefined;
}

/** The attributes LIST sets on the loan: it enters the marketplace with nothing funded yet. */
export function listingAttributes(loanId: string, grade: string, deadlineIso: string): Record<string, unknown> {
  return { marketplacePk: marketplaceOpen, marketplaceSk: `${grade}#${deadlineIso}#${loanId}`, fundedFen: 0, bidCount: 0 };
}

/** What FILL and EXPIRE remove: the listing leaves the marketplace. */
export const marketplaceAttributes = ['marketplacePk', 'marketplaceSk'] as const;

export async function findListing(loanId: string): Promise<ListingRecord | undefined> {
  const loan = await findLoan(loanId);
  if (!loan) return undefined;
  const { marketplacePk: _mp, marketplaceSk: _ms, ...listing } = loan as ListingRecord & Record<string, unknown>;
  return listing as ListingRecord;
}

export interface ListingFilter {
  readonly grade?: string | undefined;
  readonly termMonths?: number | undefined;
  readonly method?: string | undefined;
  /** Extra test on each listing (e.g. the rate range, compared exactly). */
  readonly accept?: ((listing: ListingRecord) => boolean) | undefined;
}

export interface ListingPage {
  readonly items: readonly ListingRecord[];
  readonly nextCursor?: string;
}

/** Open listings from the marketplace index, by grade then deadline. */
export async function listOpenListings(filter: ListingFilter, limit: number, cursor: string | undefined): Promise<ListingPage> {
  const startKey = cursor === undefined ? undefined : await decodeCursor(cursor, ['pk', 'sk', 'marketplacePk', 'marketplaceSk'], (key) => key.marketplacePk === marketplaceOpen);
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':open': marketplaceOpen };
  if (filter.grade !== undefined) values[':grade'] = `${filter.grade}#`;
  if (filter.termMonths !== undefined) {
    filters.push('termMonths = :term');
    values[':term'] = filter.termMonths;
  }
  if (filter.method !== undefined) {
    filters.push('#method = :method');
    names['#method'] = 'method';
    values[':method'] = filter.method;
  }
  const toListing = (item: Record<string, unknown>): ListingRecord => {
    const { pk: _pk, sk: _sk, marketplacePk: _mp, marketplaceSk: _ms, pendingDecision: _pd, ...listing } = item;
    return listing as unknown as ListingRecord;
  };
  const { items, last } = await queryUpTo(
    {
      TableName: config.tableName(),
      IndexName: 'marketplace',
      KeyConditionExpression: `marketplacePk = :open${filter.grade !== undefined ? ' AND begins_with(marketplaceSk, :grade)' : ''}`,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    },
    limit,
    (item) => !filter.accept || filter.accept(toListing(item)),
  );
  return { items: items.map(toListing), ...(last ? { nextCursor: await encodeCursor(last) } : {}) };
}

/**
 * Places a bid: freezes it and raises the listing's funded amount in one transaction.
 * The listing's condition: open, and funded ≤ its amount minus the bid. An investor's
 * first bid on the loan also counts them, up to maxInvestorsPerLoan. A replay (the same
 * bid id) writes nothing and returns the bid.
 */
export async function placeBid(
  bid: Omit<BidRecord, 'status' | 'updatedAt'>,
  listingAmountFen: number,
  at: Date,
  cap: InvestmentCap,
  /** An auto-bid plan's spending (written in the same transaction) and its reserve (part of the custody account's condition). */
  plan?: { readonly spending: ConditionalItem; readonly reserveFen: number },
): Promise<{ bid: BidRecord; placed: boolean }> {
  const firstBid = !(await hasBidOn(bid.loanId, bid.investorId));
  const withCap = [...investorLimitItems(bid, cap), ...(plan ? [plan.spending] : [])];
  const keepAvailable = plan ? { account: accounts.custody(bid.investorId), fen: plan.reserveFen } : undefined;
  try {
    return await placeBidAs(firstBid, bid, listingAmountFen, at, withCap, keepAvailable);
  } catch (error) {
    if (!(error instanceof InvestorCountedMeanwhile)) throw error;
    return placeBidAs(false, bid, listingAmountFen, at, withCap, keepAvailable);
  }
}

/** A debt transfer's purchase: the buyer's placed total raised by the stake bought within their limit, their assessment unchanged. */
export const investmentLimitItems = (investorId: string, amountFen: number, cap: InvestmentCap): ConditionalItem[] => investorLimitItems({ investorId, amountFen }, cap);

/** A debt transfer's buyer new to the loan: counted among its investors, at most maxInvestorsPerLoan. */
export async function newInvestorItems(loanId: string, investorId: string): Promise<ConditionalItem[]> {
  if (await hasBidOn(loanId, investorId)) return [];
  const TableName = config.tableName();
  const full = () => new ListingUnavailableError(`the loan has its maximum of ${maxInvestorsPerLoan} investors`);
  return [
    {
      item: { Put: { TableName, Item: { ...investorKey(loanId, investorId), loanId, investorId }, ConditionExpression: 'attribute_not_exists(pk)' } },
      conditionFailed: () => new ConcurrentModificationError('you were counted on this loan meanwhile: buy again'),
    },
    {
      item: {
        Update: {
          TableName,
          Key: loanKey(loanId),
          UpdateExpression: 'SET investorCount = if_not_exists(investorCount, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(investorCount) OR investorCount < :maxInvestors',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':maxInvestors': maxInvestorsPerLoan },
        },
      },
      conditionFailed: full,
    },
  ];
}

/** The investor's side of a bid's transaction: their placed total raised within the cap, their assessment unchanged. */
function investorLimitItems(bid: Pick<BidRecord, 'investorId' | 'amountFen'>, cap: InvestmentCap): ConditionalItem[] {
  const TableName = config.tableName();
  return [
    {
      item: {
        Update: {
          TableName,
          Key: bidTotalsKey(bid.investorId),
          UpdateExpression: 'SET placedFen = placedFen + :amount',
          ConditionExpression: 'placedFen <= :maxBefore',
          ExpressionAttributeValues: { ':amount': bid.amountFen, ':maxBefore': cap.placedCeilingFen - bid.amountFen },
        },
      },
      conditionFailed: () => new UnsuitableInvestorError(investmentLimitMessage(cap.level, cap.limitFen)),
    },
    {
      item: {
        ConditionCheck: {
          TableName,
          Key: userKey(bid.investorId),
          ConditionExpression: 'riskAssessment.assessedAt = :assessedAt',
          ExpressionAttributeValues: { ':assessedAt': cap.assessedAt },
        },
      },
      conditionFailed: () => new ConcurrentModificationError('your risk assessment changed while the bid was placed: bid again'),
    },
  ];
}

async function placeBidAs(
  firstBid: boolean,
  bid: Omit<BidRecord, 'status' | 'updatedAt'>,
  listingAmountFen: number,
  at: Date,
  alsoWrite: readonly ConditionalItem[],
  keepAvailable: AvailableKept | undefined,
): Promise<{ bid: BidRecord; placed: boolean }> {
  const TableName = config.tableName();
  const record: BidRecord = { ...bid, status: 'FROZEN', updatedAt: bid.createdAt };
  const counting = firstBid
    ? {
        update: ', investorCount = if_not_exists(investorCount, :zero) + :one',
        condition: ' AND (attribute_not_exists(investorCount) OR investorCount < :maxInvestors)',
        values: { ':maxInvestors': maxInvestorsPerLoan },
        marker: [
          {
            item: { Put: { TableName, Item: { ...investorKey(bid.loanId, bid.investorId), loanId: bid.loanId, investorId: bid.investorId, firstBidId: bid.bidId }, ConditionExpression: 'attribute_not_exists(pk)' } },
            conditionFailed: () => new InvestorCountedMeanwhile(),
          },
        ],
      }
    : { update: '', condition: '', values: {}, marker: [] };
  const { recorded } = await recordEntry(
    bidFreezeEntry(bid),
    at,
    {
      alsoWrite: [
        {
          item: {
            Update: {
              TableName,
              Key: loanKey(bid.loanId),
              UpdateExpression: `SET fundedFen = if_not_exists(fundedFen, :zero) + :amount, bidCount = if_not_exists(bidCount, :zero) + :one, updatedAt = :at${counting.update}`,
              ConditionExpression: `#status = :listed AND (attribute_not_exists(fundedFen) OR fundedFen <= :maxBefore)${counting.condition}`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':amount': bid.amountFen, ':at': at.toISOString(), ':listed': 'LISTED', ':maxBefore': listingAmountFen - bid.amountFen, ...counting.values },
            },
          },
          conditionFailed: async () => {
            const now = await findListing(bid.loanId);
            if (now?.status !== 'LISTED') return new ListingUnavailableError(`the listing is ${String(now?.status ?? 'gone').toLowerCase()}, not open for bids`);
            const remaining = now.amountFen - (now.fundedFen ?? 0);
            if (remaining >= bid.amountFen && firstBid && (now.investorCount ?? 0) >= maxInvestorsPerLoan) {
              return new ListingUnavailableError(`the listing has its maximum of ${maxInvestorsPerLoan} investors: only those who already bid on it can bid more`);
            }
            return new ListingUnavailableError(remaining <= 0 ? 'the listing is fully subscribed' : `only ${formatYuan(fen(remaining))} yuan remain on this listing`);
          },
        },
        ...counting.marker,
        {
          item: {
            Put: {
              TableName,
              Item: { ...bidKey(bid.loanId, bid.bidId), ...record, ownerPk: bidOwnerPartition(bid.investorId), ownerSk: `${bid.createdAt}#${bid.bidId}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          conditionFailed: () => new ListingUnavailableError(`bid ${bid.bidId} already exists`),
        },
        ...alsoWrite,
      ],
      ...(keepAvailable ? { keepAvailable } : {}),
    },
  );
  if (recorded) return { bid: record, placed: true };
  const existing = await findBid(bid.loanId, bid.bidId);
  if (!existing) throw new Error(`bid ${bid.bidId}: its freeze is recorded but the bid is missing`);
  return { bid: existing, placed: false };
}

export async function findBid(loanId: string, bidId: string): Promise<BidRecord | undefined> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': bidKey(loanId, bidId).pk, ':sk': bidKey(loanId, bidId).sk },
      ConsistentRead: true,
    }),
  );
  return Items?.[0] ? bidFromItem(Items[0]) : undefined;
}

/** Every bid on a loan, page by page (strongly consistent). */
export async function* bidsOfLoan(loanId: string): AsyncGenerator<BidRecord[]> {
  for await (const page of queryPages({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :bid)',
    ExpressionAttributeValues: { ':pk': `LOAN#${loanId}`, ':bid': 'BID#' },
    ConsistentRead: true,
    Limit: 100,
  })) {
    yield page.map(bidFromItem);
  }
}

/** Voids a bid's freeze and marks the bid VOIDED, in one transaction; idempotent by the entry id. */
export async function voidBid(bid: BidRecord, at: Date): Promise<void> {
  await recordEntry(bidVoidEntry(bid), at, {
    alsoWrite: [
      {
        item: {
          Update: {
            TableName: config.tableName(),
            Key: bidKey(bid.loanId, bid.bidId),
            UpdateExpression: 'SET #status = :voided, updatedAt = :at',
            ConditionExpression: '#status = :frozen',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':voided': 'VOIDED', ':frozen': 'FROZEN', ':at': at.toISOString() },
          },
        },
        conditionFailed: () => new ListingUnavailableError(`bid ${bid.bidId} is not frozen`),
      },
    ],
  });
}

export interface BidPage {
  readonly items: readonly BidRecord[];
  readonly nextCursor?: string;
}

/** An investor's bids, newest first. */
export async function listBidsOfInvestor(investorId: string, limit: number, cursor: string | undefined): Promise<BidPage> {
  const page = await ownerPage(bidOwnerPartition(investorId), limit, cursor);
  return { items: page.items.map(bidFromItem), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * Every bid the investor ever placed (BID_TOTALS, strongly consistent) and the bids voided
 * since (the byOwner index: a late index only under-counts what came back, which makes the
 * limit stricter, never looser). An investor without BID_TOTALS gets it here, from the bids
 * the index holds, before their first bid through placeBid.
 */
export async function bidTotals(investorId: string): Promise<{ placedFen: number; voidedFen: number }> {
  const bids = await queryAll({
    TableName: config.tableName(),
    IndexName: 'byOwner',
    KeyConditionExpression: 'ownerPk = :owner',
    ExpressionAttributeValues: { ':owner': bidOwnerPartition(investorId) },
  });
  const sumOf = (items: readonly Record<string, unknown>[]) => items.reduce((total, item) => total + Number(item.amountFen), 0);
  const voidedFen = sumOf(bids.filter((item) => item.status === 'VOIDED'));
  return { placedFen: await placedTotal(investorId, sumOf(bids)), voidedFen };
}

async function placedTotal(investorId: string, indexedFen: number): Promise<number> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: bidTotalsKey(investorId), ConsistentRead: true }));
  if (Item) return Number(Item.placedFen);
  try {
    await documents.send(
      new PutCommand({ TableName: config.tableName(), Item: { ...bidTotalsKey(investorId), investorId, placedFen: indexedFen }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return indexedFen;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return placedTotal(investorId, indexedFen);
  }
}

function bidFromItem(item: Record<string, unknown>): BidRecord {
  const { pk: _pk, sk: _sk, ownerPk: _op, ownerSk: _os, ...bid } = item;
  return bid as unknown as BidRecord;
}

/** Marks a bid POSTED once its pending transfer is posted at disbursement; a replay (already POSTED) changes nothing. */
export async function markBidPosted(bid: BidRecord, at: Date): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: bidKey(bid.loanId, bid.bidId),
        UpdateExpression: 'SET #status = :posted, updatedAt = :at',
        ConditionExpression: '#status = :frozen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':posted': 'POSTED', ':frozen': 'FROZEN', ':at': at.toISOString() },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await findBid(bid.loanId, bid.bidId);
    if (now?.status !== 'POSTED') throw new ListingUnavailableError(`bid ${bid.bidId} is ${String(now?.status ?? 'gone')}, not frozen`);
  }
}
