/**
 * The local twin: the whole platform on one machine. DynamoDB Local with the shared
 * table, the HTTP gateway over the route manifest, the Step Functions endpoint over
 * the statemachines/ files, the scheduler over the shared schedules, one
 * controllable clock for all of them, and a folder standing in for the S3 bucket.
 * Handlers are the same files CDK deploys; they reach the twin's parts through the
 * AWS SDK's ordinary endpoint variables.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installClock } from '../../functions/adapters/runtime/clock';
import { stateMachineArnVariable } from '../../functions/settings/settings';
import { schedules } from '../../functions/manifest/schedules';
import { streamConsumers } from '../../functions/manifest/streams';
import { workflows } from '../../functions/manifest/workflows';
import { TwinClock } from './clock';
import { startLocalCognito } from './cognito/local-cognito';
import { seedStaffAccounts } from './cognito/staff-accounts';
import { controlRoutes } from './control-routes';
import { isLoopbackHost, newControlSecret } from './control-secret';
import { startTwinCustodianBank } from './custodian-bank/twin-bank';
import { ensureTable, ownTableOn, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { LocalFunctions } from './functions';
import { httpGateway } from './gateway';
import { LocalIdentityProvider } from './identity';
import { localKeys } from './local-keys';
import { localSigningKey } from './e-signature-key';
import { LocalScheduler } from './scheduler';
import { signalMetrics } from './signal-metrics';
import { LocalTableStream } from './table-stream';
import { LocalStepFunctions } from './stepfunctions/engine';
import { stepFunctionsEndpoint } from './stepfunctions/endpoint';
import { folderExecutionStore, memoryExecutionStore } from './stepfunctions/execution-store';
import { twinLog } from './twin-log';

export interface TwinOptions {
  readonly projectRoot: string;
  /** The module that runs a handler file (functions/…/x.ts); its TypeScript under projectRoot when absent. */
  readonly handlerModule?: (handlerFile: string) => string;
  /** Where data lives across restarts; undefined runs everything in memory. */
  readonly dataDir: string | undefined;
  /** 0 picks a free port. */
  readonly apiPort: number;
  readonly stepFunctionsPort: number;
  readonly dynamoDbPort: number;
  /**
   * A DynamoDB Local already running on loopback, used instead of starting one (dynamoDbPort is then unused):
   * the twin keeps its data in a table of its own there and drops it when it stops. In memory only. The
   * integration tests share one such JVM between the twins a test worker starts one after another.
   */
  readonly dynamoDbEndpoint?: string;
  /** The local Cognito endpoint; a free port when absent. */
  readonly cognitoPort?: number;
  /** The custodian-bank simulator; a free port when absent. */
  readonly bankPort?: number;
  /** The built website (web/dist, lib/local/site.ts), served by the gateway at /; no site when absent. */
  readonly site?: string;
  /** Where the twin's event lines go (lib/local/twin-log.ts), e.g. console.log; nowhere when absent. */
  readonly log?: (line: string) => void;
}

export interface Twin {
  readonly apiUrl: string;
  readonly stepFunctionsUrl: string;
  readonly dynamoDbUrl: string;
  readonly cognitoUrl: string;
  readonly bankUrl: string;
  readonly objectStoreDir: string;
  readonly tableName: string;
  readonly clock: TwinClock;
  /** The per-start secret every twin control asks for (./control-secret.ts), and the file (mode 0600) that holds it. */
  readonly controlSecret: string;
  readonly controlSecretFile: string;
  stop(): Promise<void>;
}

const region = 'local';

export async function startTwin(options: TwinOptions): Promise<Twin> {
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const dataDir = options.dataDir;
    const clock = await TwinClock.open(dataDir && join(dataDir, 'clock.json'));
    installClock(clock);
    stops.push(() => clock.stop());
    const log = twinLog(options.log ?? (() => {}), () => clock.now());
    const secret = await newControlSecret(dataDir);
    stops.push(() => secret.remove());

    const { dynamodb, tableName } = await twinTable(options);
    stops.push(() => dynamodb.stop());
    await ensureTable(dynamodb.endpoint, tableName);

    const objectStoreDir = dataDir ? join(dataDir, 's3', 'platform-documents') : await mkdtemp(join(tmpdir(), 'twin-s3-'));
    await mkdir(objectStoreDir, { recursive: true });
    if (!dataDir) stops.push(() => rm(objectStoreDir, { recursive: true, force: true }));
    const keys = await localKeys(dataDir);
    stops.push(() => keys.remove());
    const signingKey = await localSigningKey(dataDir);
    stops.push(() => signingKey.remove());
    // The custodian-bank simulator: its own HTTP service; the adapter reaches it by URL with the shared secret.
    const bank = await startTwinCustodianBank({ dataDir, port: options.bankPort ?? 0, clock, log, controlSecret: secret.value });
    stops.push(() => bank.stop());
    Object.assign(process.env, bank.environment);

    const functions = new LocalFunctions(options.projectRoot, options.handlerModule);
    const engine = new LocalStepFunctions({
      projectRoot: options.projectRoot,
      region,
      clock,
      functions,
      store: dataDir ? folderExecutionStore(join(dataDir, 'stepfunctions')) : memoryExecutionStore(),
      log,
    });
    // The Step Functions and Cognito endpoints check the Signature V4 of requests against these.
    const awsCredentials = { AWS_ACCESS_KEY_ID: 'twin', AWS_SECRET_ACCESS_KEY: secret.value };
    const credentials = { accessKeyId: awsCredentials.AWS_ACCESS_KEY_ID, secretAccessKey: awsCredentials.AWS_SECRET_ACCESS_KEY };
    const stepFunctionsServer = await listen(stepFunctionsEndpoint(engine, credentials), options.stepFunctionsPort);
    stops.push(() => close(stepFunctionsServer));
    const stepFunctionsUrl = `http://127.0.0.1:${port(stepFunctionsServer)}`;

    // The environment the handlers' clients read at module scope, set before any handler loads.
    Object.assign(process.env, {
      AWS_REGION: region,
      ...awsCredentials,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SFN: stepFunctionsUrl,
      TABLE_NAME: tableName,
      OBJECT_STORE_DIR: objectStoreDir,
      ...keys.environment,
      // The e-signature simulator's Ed25519 key (functions/adapters/documents/e-signature.ts).
      ...signingKey.environment,
      // The credit bureau's deterministic simulator (functions/adapters/credit-bureau/credit-bureau.ts).
      CREDIT_BUREAU_PROVIDER: 'simulator',
      ...Object.fromEntries(workflows.map((workflow) => [stateMachineArnVariable(workflow.name), engine.stateMachineArn(workflow.name)])),
    });
    await engine.start(workflows);
    stops.push(() => engine.stop());

    const scheduler = new LocalScheduler(schedules, clock, functions, log);
    scheduler.start();
    stops.push(() => scheduler.stop());

    // The table's stream consumers, fed by polling DynamoDB Local's stream; a clock move ends when they caught up.
    const tableStream = new LocalTableStream({ endpoint: dynamodb.endpoint, tableName, region, consumers: streamConsumers, functions });
    await tableStream.start();
    stops.push(() => tableStream.stop());
    functions.afterInvoke = () => tableStream.nudge();
    // Settled: no execution busy and the bank quiet. A callback the bank delivers resumes an
    // execution (its task token), whose next step may instruct the bank: until neither moves.
    clock.settle = async () => {
      do {
        await engine.idle();
        await bank.idle();
      } while (!engine.quiet || !bank.quiet);
    };
    clock.drain = () => tableStream.idle();

    const identity = await LocalIdentityProvider.open({
      issuer: 'urn:p2p-lending:twin-identity',
      clock,
      ...(dataDir ? { keyFile: join(dataDir, 'identity', 'signing-key.jwk.json') } : {}),
    });
    // Cognito: the handlers' client reaches the local user pool; its tokens are the identity provider's.
    const cognito = await startLocalCognito({
      dataDir,
      clock,
      identity,
      port: options.cognitoPort ?? 0,
      credentials,
    });
    stops.push(() => cognito.stop());
    Object.assign(process.env, cognito.environment);
    const { addProfilesMissingFromDirectory, createUserProfile, findUserProfile } = await import('../../functions/adapters/dynamodb/user-repository');
    await seedStaffAccounts(cognito.pool, { find: findUserProfile, create: createUserProfile }, clock.now());
    // Kept data from before the admins' user list (GET /v1/admin/users) has profiles outside its directory.
    await addProfilesMissingFromDirectory();
    const gateway = await listen(httpGateway({ functions, identity, clock, control: controlRoutes({ clock, scheduler, identity, metrics: signalMetrics, bank: { url: bank.url, controlSecret: secret.value } }), controlSecret: secret.value, ...(options.site ? { site: options.site } : {}) }), options.apiPort);
    stops.push(() => close(gateway));
    bank.setCallbackUrl(`http://127.0.0.1:${port(gateway)}/v1/custody/callbacks`);

    return {
      apiUrl: `http://127.0.0.1:${port(gateway)}`,
      stepFunctionsUrl,
      dynamoDbUrl: dynamodb.endpoint,
      cognitoUrl: cognito.url,
      bankUrl: bank.url,
      objectStoreDir,
      tableName,
      clock,
      controlSecret: secret.value,
      controlSecretFile: secret.file,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The twin's own DynamoDB Local with the table `platform`, or a table of its own on a running one. */
async function twinTable(options: TwinOptions): Promise<{ dynamodb: Pick<DynamoDbLocal, 'endpoint' | 'stop'>; tableName: string }> {
  const endpoint = options.dynamoDbEndpoint;
  if (endpoint === undefined) {
    const dataDir = options.dataDir;
    return { dynamodb: await startDynamoDbLocal({ port: options.dynamoDbPort, ...(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {}) }), tableName: 'platform' };
  }
  if (options.dataDir) throw new Error('a twin on a running DynamoDB Local keeps nothing across restarts: use it in memory');
  if (!isLoopbackUrl(endpoint)) throw new Error(`the twin's DynamoDB Local must answer on loopback (http://127.0.0.1:PORT), not ${endpoint}`);
  const { tableName, drop } = ownTableOn(endpoint, 'platform');
  return { dynamodb: { endpoint, stop: drop }, tableName };
}

function isLoopbackUrl(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed?.protocol === 'http:' && isLoopbackHost(parsed.host) && parsed.pathname === '/';
}

function listen(server: Server, requestedPort: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port;
}
