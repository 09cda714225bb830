/**
 * The dueDates index: an unsettled installment carries duePk = DUE#{YYYY-MM-DD}
 * (removed when it settles, so the index is sparse). Reading one day's partition
 * costs what is due that day, never a scan of the loan book.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { platformTable } from '../../lib/manifest/table';
import { config } from './config';
import { documents } from './dynamodb';

const dueDatesIndex = platformTable.indexes.find((index) => index.name === 'dueDates');

export async function countInstallmentsDueOn(date: string): Promise<number> {
  if (!dueDatesIndex) throw new Error('the table definition has no dueDates index');
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: config.tableName(),
        IndexName: dueDatesIndex.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': dueDatesIndex.partitionKey },
        ExpressionAttributeValues: { ':pk': `DUE#${date}` },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
