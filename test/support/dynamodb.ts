/**
 * DynamoDB Local for integration tests of adapters: started in memory on a free port
 * with the platform table, and the environment the adapters read pointed at it (with
 * the twin's request-keys file, which page cursors and idempotency fingerprints use).
 * Import adapters after `startTestTable()` (they build their clients at module scope).
 */
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../lib/local/dynamodb-local';
import { localKeys } from '../../lib/local/local-keys';

export async function startTestTable(tableName = 'platform-test'): Promise<DynamoDbLocal> {
  const dynamodb = await startDynamoDbLocal({});
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
    stop: async () => {
      await dynamodb.stop();
      await keys.remove();
    },
  };
}
