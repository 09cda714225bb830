/**
 * The integration run's DynamoDB Locals (test/integration/support/global-setup.mjs): one per Jest
 * worker. A test file takes its worker's, with a table name no other file of the run uses.
 */
export const sharedDynamoDbVariable = 'TWIN_SHARED_DYNAMODB';
let tables = 0;

/** This worker's DynamoDB Local and a fresh table name; undefined outside an integration run (a file run by hand without the setup). */
export function sharedDynamoDb(prefix = 'twin'): { endpoint: string; tableName: string } | undefined {
  const endpoints = process.env[sharedDynamoDbVariable]?.split(',').filter(Boolean) ?? [];
  if (endpoints.length === 0) return undefined;
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  tables += 1;
  return { endpoint: endpoints[(worker - 1) % endpoints.length]!, tableName: `${prefix}-${process.pid}-${tables}` };
}
