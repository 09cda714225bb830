/**
 * `npm run audit:verify`: reads the whole audit chain from the table and verifies it
 * offline (functions/core/audit-chain.ts verifyChain): every event's hash recomputed,
 * every prevHash linked to the event before, sequences 1, 2, 3 … without a gap, the last
 * event matching the chain's head. Prints a JSON report; exits 1 at the first broken
 * link (an edited, deleted or reordered event), 2 when the table cannot be read.
 *
 * Environment:
 *   AUDIT_TABLE_NAME         the table (default TABLE_NAME, else the twin's "platform")
 *   AUDIT_DYNAMODB_ENDPOINT  DynamoDB's URL (default AWS_ENDPOINT_URL_DYNAMODB, else the
 *                            twin's DynamoDB Local, http://127.0.0.1:8000); "aws" uses
 *                            the regular AWS endpoint of AWS_REGION with your credentials
 */
export {};

const endpoint = process.env.AUDIT_DYNAMODB_ENDPOINT ?? process.env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://127.0.0.1:8000';
const tableName = process.env.AUDIT_TABLE_NAME ?? process.env.TABLE_NAME ?? 'platform';
process.env.TABLE_NAME = tableName;
if (endpoint === 'aws') {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
} else {
  // DynamoDB Local accepts any credentials; the adapters' client reads these at load.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'local',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
}

const { verifyChain } = await import('../functions/core/audit-chain');
const { auditEventsAfter, readHead } = await import('../functions/adapters/dynamodb/audit-log-repository');

try {
  // The head first: every event up to it is in the table (they were written together); events
  // appended while the chain is read are beyond it, and left for the next run.
  const head = await readHead();
  const read = [];
  for await (const page of auditEventsAfter(undefined)) read.push(...page);
  const events = read.filter((event) => event.sequence <= (head?.sequence ?? 0));
  const verification = verifyChain(events, { ...(head ? { head } : {}), complete: true });
  console.log(JSON.stringify({ table: tableName, endpoint, head: head ?? null, appendedMeanwhile: read.length - events.length, ...verification }, null, 2));
  if (!verification.valid) {
    console.error(`audit chain BROKEN at event ${verification.firstBreak?.sequence}: ${verification.firstBreak?.reason} — ${verification.firstBreak?.detail}`);
    process.exit(1);
  }
  console.error(`audit chain valid: ${verification.checked} events, head ${head ? `${head.sequence} ${head.hash}` : 'none (empty chain)'}`);
  process.exit(0);
} catch (error) {
  console.error(`audit chain could not be read from ${tableName} at ${endpoint}: ${(error as Error).message}`);
  process.exit(2);
}
