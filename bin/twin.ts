/**
 * npm start: runs the whole platform locally (the twin).
 *   --in-memory          keep nothing across restarts (default: data under .data/)
 *   --data-dir DIR       where data lives (default: .data)
 *   --port N             HTTP API port (default 3000; 0 picks a free one)
 *   --sfn-port N         Step Functions endpoint port (default 8083)
 *   --dynamodb-port N    DynamoDB Local port (default 8000)
 *   --dynamodb-endpoint URL  a DynamoDB Local already running on loopback instead (with --in-memory):
 *                        the twin keeps a table of its own there and drops it on stop
 *   --cognito-port N     local Cognito endpoint port (default 8084)
 *   --bank-port N        custodian-bank simulator port (default 8085)
 */
import { dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { projectRootAbove } from '../lib/project-paths';
import { staffAccounts } from '../lib/local/cognito/staff-accounts';
import { builtSite } from '../lib/local/site';
import { startTwin } from '../lib/local/twin';

const projectRoot = projectRootAbove(import.meta.url);
// The handlers are where this file is and built as it is: their TypeScript beside bin/twin.ts (npm start),
// or, in the twin the integration tier builds once (lib/local/twin-build.ts), functions/…/x.mjs beside bin/twin.mjs.
const thisFile = fileURLToPath(import.meta.url);
const handlerModule = (handlerFile: string) => resolve(dirname(thisFile), '..', handlerFile.replace(/\.ts$/, extname(thisFile)));
const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data' },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'sfn-port': { type: 'string', default: '8083' },
    'dynamodb-port': { type: 'string', default: '8000' },
    'dynamodb-endpoint': { type: 'string' },
    'cognito-port': { type: 'string', default: '8084' },
    'bank-port': { type: 'string', default: '8085' },
  },
});

function portOption(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    console.error(`--${name} must be a port number, not ${value}`);
    process.exit(2);
  }
  return Number(value);
}

if (values['dynamodb-endpoint'] && !values['in-memory']) {
  console.error('--dynamodb-endpoint keeps nothing across restarts: use it with --in-memory');
  process.exit(2);
}

// The website, rebuilt first when its sources are newer than its build (lib/local/site.ts).
const site = await builtSite(projectRoot, (line) => console.log(line));
const twin = await startTwin({
  projectRoot,
  handlerModule,
  site,
  dataDir: values['in-memory'] ? undefined : resolve(projectRoot, values['data-dir']),
  apiPort: portOption('port', values.port),
  stepFunctionsPort: portOption('sfn-port', values['sfn-port']),
  dynamoDbPort: portOption('dynamodb-port', values['dynamodb-port']),
  ...(values['dynamodb-endpoint'] ? { dynamoDbEndpoint: values['dynamodb-endpoint'] } : {}),
  cognitoPort: portOption('cognito-port', values['cognito-port']),
  bankPort: portOption('bank-port', values['bank-port']),
  // One JSON line per workflow transition, schedule run and bank callback (lib/local/twin-log.ts).
  log: (line) => console.log(line),
});

console.log(`P2P lending platform twin is running (clock: ${twin.clock.now().toISOString()})
  Website          ${twin.apiUrl}/
  Developer panel  ${twin.apiUrl}/developer#secret=${twin.controlSecret}   (the clock, schedules, bank simulator, outbox)
  HTTP API         ${twin.apiUrl}   (health: ${twin.apiUrl}/v1/health, OpenAPI: ${twin.apiUrl}/openapi.json)
  Twin controls    ${twin.apiUrl}/_twin/clock, ${twin.apiUrl}/_twin/schedules, ${twin.apiUrl}/_twin/tokens
  Twin secret      ${twin.controlSecret}   (this start only; header x-twin-secret on every /_twin/ request; in ${twin.controlSecretFile}, mode 0600)
  Step Functions   ${twin.stepFunctionsUrl}
  DynamoDB Local   ${twin.dynamoDbUrl}   (table: ${twin.tableName})
  Cognito          ${twin.cognitoUrl}   (users: POST /v1/auth/register, /v1/auth/login)
  Staff accounts   ${staffAccounts.map((account) => `${account.username} / ${account.password}`).join(', ')}   (local only)
  Custodian bank   ${twin.bankUrl}   (simulator; twin controls under ${twin.bankUrl}/_twin/bank/)
  S3 stand-in      ${twin.objectStoreDir}
  Data             ${values['in-memory'] ? 'in memory' : resolve(projectRoot, values['data-dir'])}
Press Ctrl-C to stop.`);
// One machine-readable line for scripts and tests.
console.log(`TWIN_READY ${JSON.stringify({ apiUrl: twin.apiUrl, stepFunctionsUrl: twin.stepFunctionsUrl, dynamoDbUrl: twin.dynamoDbUrl, cognitoUrl: twin.cognitoUrl, bankUrl: twin.bankUrl, tableName: twin.tableName, objectStoreDir: twin.objectStoreDir, controlSecret: twin.controlSecret, controlSecretFile: twin.controlSecretFile })}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the twin…');
    twin.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
