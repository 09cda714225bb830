/**
 * The platform-figures projection's storage (keys: ./platform-figures-repository.ts statsKeys).
 * Each step is ONE TransactWriteItems that also puts a marker STATS_EVENT#{eventID} / {step}
 * on attribute_not_exists: a redelivered record finds its marker and applies nothing; views
 * are written on their version, so a racing writer cancels the step (StepConflict).
 * Markers expire after two days (TTL; Lambda keeps stream records one day).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { rankKey } from '../../core/platform-counters';
import { StepConflict, type CounterKey, type FiguresWrite, type PlatformFiguresStore, type StatsAggregate, type ViewKey } from '../../application/ports/origination-platform-figures';
import { config } from '../../settings/settings';
import { batchGetEach, documents, isConditionFailure, queryPages } from './client';
import { isStatsItem, statsKeys } from './platform-figures-repository';
import { userKey } from './user-repository';

const markerLifetimeSeconds = 2 * 24 * 3600;
type Item = Record<string, unknown>;

async function getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: key, ConsistentRead: true }));
  return Item;
}

function counterKey(key: CounterKey): { pk: string; sk: string } {
  switch (key.of) {
    case 'stock': return statsKeys.stock(key.cell);
    case 'stockMove': return statsKeys.stockMove(key.cell, key.month);
    case 'flowAll': return statsKeys.flowAll(key.cell);
    case 'flowMonth': return statsKeys.flowMonth(key.cell, key.month);
    case 'flowDay': return statsKeys.flowDay(key.cell, key.day);
    case 'dueMove': return statsKeys.dueMove(key.month, key.sk);
    case 'vintage': return statsKeys.vintage(key.cohort, key.month);
  }
}

function viewKey(key: ViewKey): { pk: string; sk: string } {
  switch (key.of) {
    case 'loan': return statsKeys.loan(key.loanId);
    case 'borrowerCell': return statsKeys.borrowerCell(key.borrowerId, key.cell);
    case 'investorCell': return statsKeys.investorCell(key.investorId, key.cell);
  }
}

function addUpdate(key: { pk: string; sk: string }, values: Readonly<Record<string, number>>, lastMonth?: string): object | undefined {
  const names = Object.keys(values).filter((name) => values[name] !== 0);
  if (names.length === 0) return undefined;
  // The month of the latest change applied to the cell's stock only grows: a racing step that moved it first cancels this one (read again, retried).
  const advance = lastMonth === undefined ? {} : { ConditionExpression: 'attribute_not_exists(#lastMonth) OR #lastMonth < :lastMonth' };
  return {
    Update: {
      TableName: config.tableName(),
      Key: key,
      UpdateExpression: `ADD ${names.map((_, index) => `#f${index} :v${index}`).join(', ')}${lastMonth === undefined ? '' : ' SET #lastMonth = :lastMonth'}`,
      ExpressionAttributeNames: { ...Object.fromEntries(names.map((name, index) => [`#f${index}`, name])), ...(lastMonth === undefined ? {} : { '#lastMonth': 'lastMonth' }) },
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((name, index) => [`:v${index}`, values[name]])), ...(lastMonth === undefined ? {} : { ':lastMonth': lastMonth }) },
      ...advance,
    },
  };
}

function transactItem(write: FiguresWrite): object | undefined {
  const TableName = config.tableName();
  switch (write.kind) {
    case 'add':
      return addUpdate(counterKey(write.key), write.values, write.lastMonth);
    case 'view':
      return {
        Put: {
          TableName,
          Item: { ...viewKey(write.key), ...write.item, version: (write.previousVersion ?? 0) + 1 },
          ConditionExpression: write.previousVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(write.previousVersion === undefined ? {} : { ExpressionAttributeValues: { ':version': write.previousVersion } }),
        },
      };
    case 'rank': {
      const key = { pk: statsKeys.rankPartition(write.cell), sk: rankKey(write.outstandingFen, write.borrowerId) };
      return write.op === 'delete' ? { Delete: { TableName, Key: key } } : { Put: { TableName, Item: { ...key, borrowerId: write.borrowerId, outstandingFen: write.outstandingFen } } };
    }
    case 'hold':
      return { Put: { TableName, Item: { ...statsKeys.hold(write.loanId, write.investorId), loanId: write.loanId, investorId: write.investorId }, ConditionExpression: 'attribute_not_exists(pk)' } };
    case 'closeHold':
      return {
        Update: {
          TableName,
          Key: statsKeys.hold(write.loanId, write.investorId),
          UpdateExpression: 'SET closed = :yes',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closed)',
          ExpressionAttributeValues: { ':yes': true },
        },
      };
  }
}

export const platformFiguresStore: PlatformFiguresStore = {
  async readLoanView(loanId) {
    const item = await getItem(statsKeys.loan(loanId));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...aggregate } = item;
    return aggregate as unknown as StatsAggregate;
  },
  readBorrowerCells: (borrowerId, cells) => batchGetEach(config.tableName(), cells, (cell) => statsKeys.borrowerCell(borrowerId, cell)),
  readInvestorCells: (investorId, cells) => batchGetEach(config.tableName(), cells, (cell) => statsKeys.investorCell(investorId, cell)),
  async stocksLastMonth(cells) {
    const stocks = await batchGetEach(config.tableName(), cells, statsKeys.stock);
    return new Map([...stocks].flatMap(([cell, stock]) => (typeof stock.lastMonth === 'string' ? [[cell, stock.lastMonth] as const] : [])));
  },
  async snapshotTop(cell, month) {
    const { Items } = await documents.send(
      new QueryCommand({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.rankPartition(cell) }, Limit: 10, ConsistentRead: true }),
    );
    const topBorrowersFen = (Items ?? []).map((item) => Number(item.outstandingFen ?? 0));
    try {
      await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...statsKeys.topSnapshot(cell, month), cell, month, topBorrowersFen }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },
  hasHold: async (loanId, investorId) => (await getItem(statsKeys.hold(loanId, investorId))) !== undefined,
  holdsOf: (loanId) => queryPages({ TableName: config.tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.holdPartition(loanId) }, ConsistentRead: true }),
  loanItem: (loanId) => getItem({ pk: `LOAN#${loanId}`, sk: 'LOAN' }),
  isRelatedParty: async (userId) => (await getItem(userKey(userId)))?.relatedParty === true,
  isOwnItem: isStatsItem,
  async applyStep(eventId, step, writes, at) {
    const TableName = config.tableName();
    const marker = {
      Put: { TableName, Item: { ...statsKeys.event(eventId, step), expiresAt: Math.floor(at.getTime() / 1000) + markerLifetimeSeconds }, ConditionExpression: 'attribute_not_exists(pk)' },
    };
    const items = writes.map(transactItem).filter((item): item is object => item !== undefined);
    try {
      await documents.send(new TransactWriteCommand({ TransactItems: [marker, ...items] as never }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
        throw new StepConflict(`step ${step} of ${eventId}: ${reasons.map((reason) => reason.Code ?? 'None').join(',')}`);
      }
      if (error instanceof Error && error.name === 'TransactionConflictException') throw new StepConflict(error.message);
      throw error;
    }
  },
};
