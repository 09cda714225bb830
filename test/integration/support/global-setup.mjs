/**
 * The integration tier's DynamoDB Local: one per Jest worker, started once for the run, so a test
 * file's twin makes its own table there instead of starting a JVM of its own (about half of a
 * twin's start). Test files run one after another in a worker, so a worker's JVM serves one twin
 * at a time; each twin drops its table when it stops (lib/local/twin.ts `sharedDynamoDb`).
 * A twin with a data folder or fixed ports still starts its own (test/support/twin-process.ts).
 *
 * Plain JavaScript loaded by Node (Jest loads a global setup outside its ESM runtime), reaching the
 * TypeScript modules through tsx.
 */
import { tsImport } from 'tsx/esm/api';

const running = Symbol.for('p2p-lending.integration.dynamodb');

/** @param {{ maxWorkers: number }} globalConfig */
export default async function globalSetup(globalConfig) {
  const { startDynamoDbLocal } = await tsImport('../../../lib/local/dynamodb-local.ts', import.meta.url);
  const { sharedDynamoDbVariable } = await tsImport('../../support/shared-dynamodb.ts', import.meta.url);
  const started = await Promise.all(Array.from({ length: Math.max(1, globalConfig.maxWorkers) }, () => startDynamoDbLocal({})));
  globalThis[running] = started;
  process.env[sharedDynamoDbVariable] = started.map((dynamodb) => dynamodb.endpoint).join(',');
}

export async function stopSharedDynamoDb() {
  await Promise.all((globalThis[running] ?? []).map((dynamodb) => dynamodb.stop()));
}
