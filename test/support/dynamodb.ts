/**
 * DynamoDB Local for integration tests of adapters: a table of its own, with the
 * environment the adapters read pointed at it (with the twin's request-keys file, which
 * page cursors and idempotency fingerprints use). Under jest the table lives on the test
 * worker's shared DynamoDB Local (test/integration/support/global-setup.mjs) and is dropped
 * at stop; elsewhere (the benches) a DynamoDB Local of its own is started in memory.
 * Import adapters after `startTestTable()` (they build their clients at module scope).
 */
import { ensureTable, ownTableOn, startDynamoDbLocal } from '../../lib/local/dynamodb-local';
import { localKeys } from '../../lib/local/local-keys';

/** Where the integration tier's global setup lists its DynamoDB Local endpoints, one per test worker, space-separated. */
export const sharedDynamoDbVariable = 'TEST_SHARED_DYNAMODB_ENDPOINTS';

/** This test worker's shared DynamoDB Local, if the tier started them (jest's workers are numbered from 1). */
export function sharedDynamoDbEndpoint(): string | undefined {
  const endpoints = (process.env[sharedDynamoDbVariable] ?? '').split(' ').filter(Boolean);
  if (endpoints.length === 0) return undefined;
  return endpoints[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % endpoints.length];
}

export interface TestTable {
  readonly endpoint: string;
  /** The name asked for, with a random suffix on a shared DynamoDB Local (a table a crashed file left is never reused). */
  readonly tableName: string;
  stop(): Promise<void>;
}

export async function startTestTable(name = 'platform-test'): Promise<TestTable> {
  const shared = sharedDynamoDbEndpoint();
  const { endpoint, tableName, drop } = shared ? { endpoint: shared, ...ownTableOn(shared, name) } : await onOwnDynamoDbLocal(name);
  await ensureTable(endpoint, tableName);
  const keys = await localKeys(undefined);
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    REQUEST_KEYS_LOCAL_FILE: keys.environment.REQUEST_KEYS_LOCAL_FILE,
  });
  return {
    endpoint,
    tableName,
    stop: async () => {
      await drop();
      await keys.remove();
    },
  };
}

/** Outside jest (the benches): a DynamoDB Local of its own, stopped instead of the table dropped. */
async function onOwnDynamoDbLocal(tableName: string): Promise<{ endpoint: string; tableName: string; drop(): Promise<void> }> {
  const dynamodb = await startDynamoDbLocal({});
  return { endpoint: dynamodb.endpoint, tableName, drop: dynamodb.stop };
}
