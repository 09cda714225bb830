/** The disclosure exports' index: DISCLOSURES / MONTH#{yyyy-mm}, one item a month exported (keys live here only). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IndexEntry } from '../../application/ports/origination-disclosure';
import { config } from '../../settings/settings';
import { documents, isConditionFailure, queryAll } from './client';

const indexPk = 'DISCLOSURES';
const indexKey = (month: string) => ({ pk: indexPk, sk: `MONTH#${month}` });

export async function exportIndexEntry(month: string): Promise<IndexEntry | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: indexKey(month), ConsistentRead: true }));
  return Item as IndexEntry | undefined;
}

export async function indexExport(entry: IndexEntry): Promise<boolean> {
  try {
    await documents.send(new PutCommand({ TableName: config.tableName(), Item: { ...indexKey(entry.month), ...entry }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return false;
  }
}

export async function listMonthExports(): Promise<IndexEntry[]> {
  const items = await queryAll({
    TableName: config.tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
    ExpressionAttributeValues: { ':pk': indexPk, ':month': 'MONTH#' },
    ScanIndexForward: false,
  });
  return items as unknown as IndexEntry[];
}
