/**
 * The integration run's DynamoDB Locals (test/integration/support/global-setup.mjs): one per Jest
 * worker. A test file takes its worker's, with a table name no other file of the run uses.
 */
import { randomUUID } from 'node:crypto';

export const sharedDynamoDbVariable = 'TWIN_SHARED_DYNAMODB';

/**
 * This worker's DynamoDB Local and a table name never used before in it; undefined outside an integration
 * run (a file run by hand without the setup). Never reused: DynamoDB Local keeps a dropped table's stream
 * records under its name, and a new table of the same name streams them again from TRIM_HORIZON, so a
 * file's stream consumers would replay the previous file's changes (a module-level counter restarts
 * with each file's module registry in the same worker, so it is a random id).
 */
export function sharedDynamoDb(prefix = 'twin'): { endpoint: string; tableName: string } | undefined {
  const endpoints = process.env[sharedDynamoDbVariable]?.split(',').filter(Boolean) ?? [];
  if (endpoints.length === 0) return undefined;
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return { endpoint: endpoints[(worker - 1) % endpoints.length]!, tableName: `${prefix}-${randomUUID()}` };
}
