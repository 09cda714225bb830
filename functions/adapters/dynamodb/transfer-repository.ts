/**
 * Debt transfer records (债权转让) in the platform table. Keys live here only:
 *   DEBT_TRANSFER#{offerId} / OFFER          an offer; while OPEN it carries marketplacePk = TRANSFER_OPEN and
 *                                       marketplaceSk = {grade}#{expiresAt}#{offerId} (the transfer market, on
 *                                       the marketplace index); byOwner: USER#{sellerId}#TRANSFER_OFFER / {createdAt}#{offerId}
 *   DEBT_TRANSFER#{purchaseId} / PURCHASE    a purchase; byOwner: USER#{buyerId}#TRANSFER_PURCHASE / {createdAt}#{purchaseId};
 *                                       while PENDING also marketplacePk = TRANSFER_PENDING and marketplaceSk =
 *                                       {createdAt}#{purchaseId} (the settlement timeout finds them there)
 *   LOAN#{loanId} / TRANSFER_PART#{settledAt}#{purchaseId}   a settled part: seller, buyer and the part that moved
 * The seller's holding (servicing-repository) carries openOfferId while an offer of it is OPEN or
 * SETTLING: the conditional write that sets it is what keeps a holding from being offered twice.
 * A purchase takes the loan's servicing lock (servicing-repository transferLockItem); settling or
 * failing it releases the lock in the same transaction.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { expectedOfPart, type HoldingPosition } from '../../core/debt-transfer';
import { ConcurrentModificationError, ListingUnavailableError } from '../../core/errors';
import { config } from '../../settings/settings';
import { documents, queryAll } from './client';
import type { ConditionalItem } from './ledger-repository';
import { findHolding, holdingKey, servicingKey } from './servicing-repository';
import type { SettledPart, TransferOffer, TransferPurchase } from '../../application/ports/transfers';

const openMarket = 'TRANSFER_OPEN';
const pendingPurchases = 'TRANSFER_PENDING';
const offerKey = (offerId: string) => ({ pk: `DEBT_TRANSFER#${offerId}`, sk: 'OFFER' });
const purchaseKey = (purchaseId: string) => ({ pk: `DEBT_TRANSFER#${purchaseId}`, sk: 'PURCHASE' });
const partKey = (loanId: string, settledAt: string, purchaseId: string) => ({ pk: `LOAN#${loanId}`, sk: `TRANSFER_PART#${settledAt}#${purchaseId}` });
const marketAttributes = (offer: Pick<TransferOffer, 'grade' | 'expiresAt' | 'offerId'>) => ({ marketplacePk: openMarket, marketplaceSk: `${offer.grade}#${offer.expiresAt}#${offer.offerId}` });

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, marketplacePk: _mp, marketplaceSk: _ms, ownerPk: _op, ownerSk: _os, ...rest } = item;
  return rest as T;
};

async function transact(items: readonly object[]): Promise<boolean> {
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items as never }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
    throw error;
  }
}

export async function findOffer(offerId: string): Promise<TransferOffer | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: offerKey(offerId), ConsistentRead: true }));
  return Item ? strip<TransferOffer>(Item) : undefined;
}

export async function findPurchase(purchaseId: string): Promise<TransferPurchase | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: purchaseKey(purchaseId), ConsistentRead: true }));
  return Item ? strip<TransferPurchase>(Item) : undefined;
}

export async function createOffer(offer: TransferOffer): Promise<{ created: boolean; offer: TransferOffer }> {
  const TableName = config.tableName();
  const created = await transact([
    {
      Put: {
        TableName,
        Item: { ...offerKey(offer.offerId), ...offer, ...marketAttributes(offer), ownerPk: `USER#${offer.sellerId}#TRANSFER_OFFER`, ownerSk: `${offer.createdAt}#${offer.offerId}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName,
        Key: holdingKey(offer.sellerId, offer.loanId),
        UpdateExpression: 'SET openOfferId = :offer',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openOfferId)',
        ExpressionAttributeValues: { ':offer': offer.offerId },
      },
    },
  ]);
  if (created) return { created, offer };
  const existing = await findOffer(offer.offerId);
  if (existing) return { created: false, offer: existing };
  throw new ConcurrentModificationError('the holding is already under offer: cancel that offer first');
}

const queryOwner = async <T>(ownerPk: string): Promise<T[]> =>
  (await queryAll({ TableName: config.tableName(), IndexName: 'byOwner', KeyConditionExpression: 'ownerPk = :owner', ExpressionAttributeValues: { ':owner': ownerPk } })).map((item) => strip<T>(item));

export async function openOffers(): Promise<TransferOffer[]> {
  const items = await queryAll({ TableName: config.tableName(), IndexName: 'marketplace', KeyConditionExpression: 'marketplacePk = :open', ExpressionAttributeValues: { ':open': openMarket } });
  return items.map((item) => strip<TransferOffer>(item)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The purchases still PENDING that were made before `createdBefore`, oldest first. */
export async function pendingPurchasesBefore(createdBefore: Date): Promise<TransferPurchase[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    IndexName: 'marketplace',
    KeyConditionExpression: 'marketplacePk = :pending AND marketplaceSk < :before',
    ExpressionAttributeValues: { ':pending': pendingPurchases, ':before': createdBefore.toISOString() },
  });
  return items.map((item) => strip<TransferPurchase>(item)).filter((purchase) => purchase.status === 'PENDING');
}

export const offersOfSeller = (sellerId: string): Promise<TransferOffer[]> => queryOwner<TransferOffer>(`USER#${sellerId}#TRANSFER_OFFER`);
export const purchasesOfBuyer = (buyerId: string): Promise<TransferPurchase[]> => queryOwner<TransferPurchase>(`USER#${buyerId}#TRANSFER_PURCHASE`);

const releaseHolding = (offer: Pick<TransferOffer, 'sellerId' | 'loanId' | 'offerId'>) => ({
  Update: {
    TableName: config.tableName(),
    Key: holdingKey(offer.sellerId, offer.loanId),
    UpdateExpression: 'REMOVE openOfferId',
    ConditionExpression: 'openOfferId = :offer',
    ExpressionAttributeValues: { ':offer': offer.offerId },
  },
});

export async function closeOffer(offer: TransferOffer, status: 'CANCELLED' | 'EXPIRED', at: Date): Promise<boolean> {
  return transact([
    {
      Update: {
        TableName: config.tableName(),
        Key: offerKey(offer.offerId),
        UpdateExpression: 'SET #status = :status, updatedAt = :at REMOVE marketplacePk, marketplaceSk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': at.toISOString(), ':open': 'OPEN' },
      },
    },
    releaseHolding(offer),
  ]);
}

export function purchaseItems(offer: TransferOffer, purchase: TransferPurchase, at: Date): ConditionalItem[] {
  const TableName = config.tableName();
  return [
    {
      item: {
        Update: {
          TableName,
          Key: offerKey(offer.offerId),
          UpdateExpression: 'SET #status = :settling, purchaseId = :purchase, buyerId = :buyer, updatedAt = :at REMOVE marketplacePk, marketplaceSk',
          ConditionExpression: '#status = :open AND expiresAt > :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':settling': 'SETTLING', ':purchase': purchase.purchaseId, ':buyer': purchase.buyerId, ':at': at.toISOString(), ':open': 'OPEN' },
        },
      },
      conditionFailed: async () => new ListingUnavailableError(`the offer is ${(await findOffer(offer.offerId))?.status.toLowerCase() ?? 'gone'}`),
    },
    {
      item: {
        Put: {
          TableName,
          Item: {
            ...purchaseKey(purchase.purchaseId),
            ...purchase,
            ownerPk: `USER#${purchase.buyerId}#TRANSFER_PURCHASE`,
            ownerSk: `${purchase.createdAt}#${purchase.purchaseId}`,
            marketplacePk: pendingPurchases,
            marketplaceSk: `${purchase.createdAt}#${purchase.purchaseId}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      conditionFailed: () => new ListingUnavailableError(`purchase ${purchase.purchaseId} already exists`),
    },
  ];
}

const releaseLock = (loanId: string, purchaseId: string) => ({
  Update: {
    TableName: config.tableName(),
    Key: servicingKey(loanId),
    UpdateExpression: 'REMOVE inFlight',
    ConditionExpression: 'inFlight.purchaseId = :purchase',
    ExpressionAttributeValues: { ':purchase': purchaseId },
  },
});

const purchaseClosing = (purchase: TransferPurchase, set: string, values: Record<string, unknown>) => ({
  Update: {
    TableName: config.tableName(),
    Key: purchaseKey(purchase.purchaseId),
    UpdateExpression: `SET #status = :status, updatedAt = :at, ${set} REMOVE marketplacePk, marketplaceSk`,
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pending': 'PENDING', ...values },
  },
});

export async function settlePurchase(purchase: TransferPurchase, part: HoldingPosition, valueFen: number, at: Date): Promise<boolean> {
  const TableName = config.tableName();
  const settledAt = at.toISOString();
  const seller = await findHolding(purchase.sellerId, purchase.loanId);
  const moved = { ':stake': part.stakeFen, ':p': part.receivedPrincipalFen, ':i': part.receivedInterestFen, ':pen': part.receivedPenaltyFen };
  const negated = { ':stake': -part.stakeFen, ':p': -part.receivedPrincipalFen, ':i': -part.receivedInterestFen, ':pen': -part.receivedPenaltyFen };
  const lastRepayment = seller?.lastRepayment;
  // The holding's stake before this part left it: what it holds now plus the part.
  const expected = expectedOfPart({ principalFen: seller?.expectedPrincipalFen ?? 0, interestFen: seller?.expectedInterestFen ?? 0 }, (seller?.principalInvestedFen ?? part.stakeFen), part.stakeFen);
  return transact([
    purchaseClosing(purchase, 'part = :part, valueFen = :value, settledAt = :at', { ':status': 'SETTLED', ':at': settledAt, ':part': part, ':value': valueFen }),
    {
      Update: {
        TableName,
        Key: offerKey(purchase.offerId),
        UpdateExpression: 'SET #status = :sold, updatedAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sold': 'SOLD', ':at': settledAt },
      },
    },
    {
      Update: {
        TableName,
        Key: holdingKey(purchase.sellerId, purchase.loanId),
        UpdateExpression:
          'SET updatedAt = :at REMOVE openOfferId ADD principalInvestedFen :stake, receivedPrincipalFen :p, receivedInterestFen :i, receivedPenaltyFen :pen, soldStakeFen :sold, expectedPrincipalFen :ep, expectedInterestFen :ei',
        ExpressionAttributeValues: { ':at': settledAt, ...negated, ':sold': part.stakeFen, ':ep': -expected.principalFen, ':ei': -expected.interestFen },
      },
    },
    {
      Update: {
        TableName,
        Key: holdingKey(purchase.buyerId, purchase.loanId),
        UpdateExpression: `SET investorId = :buyer, loanId = :loan, acquiredAt = if_not_exists(acquiredAt, :at), createdAt = if_not_exists(createdAt, :at), updatedAt = :at${lastRepayment === undefined ? '' : ', lastRepayment = :last'} ADD principalInvestedFen :stake, receivedPrincipalFen :p, receivedInterestFen :i, receivedPenaltyFen :pen, expectedPrincipalFen :ep, expectedInterestFen :ei`,
        ExpressionAttributeValues: { ':buyer': purchase.buyerId, ':loan': purchase.loanId, ':at': settledAt, ...moved, ':ep': expected.principalFen, ':ei': expected.interestFen, ...(lastRepayment === undefined ? {} : { ':last': lastRepayment }) },
      },
    },
    {
      Put: {
        TableName,
        Item: { ...partKey(purchase.loanId, settledAt, purchase.purchaseId), sellerId: purchase.sellerId, buyerId: purchase.buyerId, part, purchaseId: purchase.purchaseId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    releaseLock(purchase.loanId, purchase.purchaseId),
  ]);
}

export async function failPurchase(purchase: TransferPurchase, reason: string, at: Date): Promise<boolean> {
  const offer = await findOffer(purchase.offerId);
  if (!offer) throw new Error(`purchase ${purchase.purchaseId}: its offer ${purchase.offerId} is missing`);
  return transact([
    purchaseClosing(purchase, 'failureReason = :reason', { ':status': 'FAILED', ':at': at.toISOString(), ':reason': reason }),
    {
      Update: {
        TableName: config.tableName(),
        Key: offerKey(purchase.offerId),
        UpdateExpression: 'SET #status = :open, updatedAt = :at, marketplacePk = :market, marketplaceSk = :sort REMOVE purchaseId, buyerId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'OPEN', ':at': at.toISOString(), ':market': openMarket, ':sort': marketAttributes(offer).marketplaceSk },
      },
    },
    releaseLock(purchase.loanId, purchase.purchaseId),
  ]);
}

export async function settledPartsOf(loanId: string): Promise<SettledPart[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :part)',
    ExpressionAttributeValues: { ':pk': `LOAN#${loanId}`, ':part': 'TRANSFER_PART#' },
    ConsistentRead: true,
  });
  return items.map((item) => ({ sellerId: item.sellerId as string, buyerId: item.buyerId as string, part: item.part as HoldingPosition }));
}
