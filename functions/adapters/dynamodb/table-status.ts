/** Whether the platform table answers, for the health report. */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { config } from '../../settings/settings';
import { dynamodb } from './client';

export async function describePlatformTable(): Promise<{ status: string }> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: config.tableName() }));
  return { status: Table?.TableStatus ?? 'UNKNOWN' };
}
