/**
 * DynamoDB Local for integration tests of adapters: started in memory on a free port
 * with the platform table, and the environment the adapters read pointed at it (with
 * the twin's request-keys file, which page cursors and idempotency fingerprints use).
 * Import adapters after `startTestTable()` (they build their clients at module scope).
 */
import { dropTable, ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../lib/local/dynamodb-local';
import { sharedDynamoDb } from './shared-dynamodb';
import { localKeys } from '../../lib/local/local-keys';

/** A DynamoDB Local with the test's table, by the name it has there. */
export type TestTable = DynamoDbLocal & { readonly tableName: string };

export async function startTestTable(name = 'platform-test'): Promise<TestTable> {
  // The worker's DynamoDB Local in an integration run (./shared-dynamodb.ts), else one of its own.
  const shared = sharedDynamoDb(name);
  const dynamodb = shared ? { endpoint: shared.endpoint, port: Number(new URL(shared.endpoint).port), stop: () => dropTable(shared.endpoint, shared.tableName) } : await startDynamoDbLocal({});
  const tableName = shared?.tableName ?? name;
  await ensureTable(dynamodb.endpoint, tableName);
  const keys = await localKeys(undefined);
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    REQUEST_KEYS_LOCAL_FILE: keys.environment.REQUEST_KEYS_LOCAL_FILE,
  });
  return {
    ...dynamodb,
    tableName,
    stop: async () => {
      await dynamodb.stop();
      await keys.remove();
    },
  };
}
