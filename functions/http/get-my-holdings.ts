/**
 * GET /v1/me/holdings (investor): per loan, the principal invested, the expected and
 * received principal and interest (and penalty), the management fees paid and the
 * loan's status — read from the investor's holding items (one query on their
 * partition) and the loans (a batch read), never a scan.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../settings/settings';
import { documents } from '../adapters/dynamodb/client';
import { holdingsOf } from '../adapters/dynamodb/servicing-repository';
import { listMyHoldingsRoute } from '../api/routes/servicing';
import { routeHandler } from './route-handler';
import { holdingBody } from './servicing-views';

async function loanStatuses(loanIds: readonly string[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  for (let start = 0; start < loanIds.length; start += 100) {
    let keys: Array<Record<string, string>> = loanIds.slice(start, start + 100).map((loanId) => ({ pk: `LOAN#${loanId}`, sk: 'LOAN' }));
    while (keys.length > 0) {
      const { Responses, UnprocessedKeys } = await documents.send(
        new BatchGetCommand({ RequestItems: { [config.tableName()]: { Keys: keys, ProjectionExpression: 'loanId, #status', ExpressionAttributeNames: { '#status': 'status' } } } }),
      );
      for (const item of Responses?.[config.tableName()] ?? []) statuses.set(item.loanId as string, item.status as string);
      keys = (UnprocessedKeys?.[config.tableName()]?.Keys ?? []) as Array<Record<string, string>>;
    }
  }
  return statuses;
}

export const handler = routeHandler(listMyHoldingsRoute, async (request) => {
  const holdings = await holdingsOf(request.caller!.userId);
  const statuses = await loanStatuses(holdings.map((holding) => holding.loanId));
  return {
    status: 200,
    body: { items: holdings.map((holding) => holdingBody(holding, statuses.get(holding.loanId) ?? 'REPAYING')) },
    headers: { 'cache-control': 'no-store' },
  };
});
