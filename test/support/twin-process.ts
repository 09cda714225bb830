/**
 * Starts the twin the way `npm start` does, as a child process on free ports, and
 * stops it the way Ctrl-C does, waiting until it (and its Java child) has exited.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { stopChildProcess } from '../../lib/local/child-process';
import { controlSecretHeader } from '../../lib/local/control-secret';
import { freePort } from '../../lib/local/ports';
import { sharedDynamoDbEndpoint } from './dynamodb';

export interface RunningTwin {
  readonly apiUrl: string;
  readonly stepFunctionsUrl: string;
  readonly dynamoDbUrl: string;
  readonly cognitoUrl: string;
  readonly bankUrl: string;
  readonly tableName: string;
  readonly objectStoreDir: string;
  /** The twin's per-start control secret (lib/local/control-secret.ts) and the file holding it. */
  readonly controlSecret: string;
  readonly controlSecretFile: string;
  readonly startedInMs: number;
  /** Everything the twin has printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export const projectRoot = resolve(import.meta.dirname, '..', '..');

export interface TwinPorts {
  readonly api: number;
  readonly stepFunctions: number;
  readonly dynamoDb: number;
  readonly cognito: number;
  readonly bank: number;
}

export async function freeTwinPorts(): Promise<TwinPorts> {
  return { api: await freePort(), stepFunctions: await freePort(), dynamoDb: await freePort(), cognito: await freePort(), bank: await freePort() };
}

/** The twin the integration tier built once for its run (lib/local/twin-build.ts, test/integration/support/global-setup.mjs). */
export const builtTwinVariable = 'TEST_BUILT_TWIN';

/** How a twin is started: the integration tier's build when there is one, else bin/twin.ts through tsx (as npm start runs it). */
function twinEntry(): string[] {
  const built = process.env[builtTwinVariable];
  return built ? [built] : ['--import', 'tsx', 'bin/twin.ts'];
}

/**
 * ownDynamoDb: start the twin with a DynamoDB Local of its own even where the test worker
 * shares one (test/support/dynamodb.ts); a twin with a dataDir always has its own.
 */
type TwinProcessOptions = { dataDir?: string; ports?: TwinPorts; env?: Readonly<Record<string, string>>; ownDynamoDb?: boolean };

/**
 * dataDir undefined: in memory. Ports default to fresh free ones; integration files run
 * in parallel, so a free port can be taken by another file's twin before this one binds
 * it: the twin is then started again on fresh ports (not when the caller chose them).
 */
export async function startTwinProcess(options: TwinProcessOptions = {}): Promise<RunningTwin> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startTwinOnce(options);
    } catch (error) {
      const clash = /EADDRINUSE|Address already in use/.test((error as Error).message);
      if (options.ports || !clash || attempt === 3) throw error;
    }
  }
}

async function startTwinOnce(options: TwinProcessOptions): Promise<RunningTwin> {
  const ports = options.ports ?? (await freeTwinPorts());
  const sharedDynamoDb = options.dataDir || options.ownDynamoDb ? undefined : sharedDynamoDbEndpoint();
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      ...twinEntry(),
      ...(options.dataDir ? ['--data-dir', options.dataDir] : ['--in-memory']),
      '--port',
      String(ports.api),
      '--sfn-port',
      String(ports.stepFunctions),
      ...(sharedDynamoDb ? ['--dynamodb-endpoint', sharedDynamoDb] : ['--dynamodb-port', String(ports.dynamoDb)]),
      '--cognito-port',
      String(ports.cognito),
      '--bank-port',
      String(ports.bank),
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) },
  );
  let output = '';
  // Read as UTF-8 text (a character split between two chunks stays whole). The ready line is looked for
  // until it comes, not in every later chunk: a long test's output grows to megabytes, and a regular
  // expression over all of it per chunk would keep this process from draining the twin's pipe, on
  // which the twin's own writes block.
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (output += chunk));
  child.stdout?.on('data', (chunk: string) => (output += chunk));
  const ready = await new Promise<Omit<RunningTwin, 'stop' | 'startedInMs' | 'output'>>((resolveReady, reject) => {
    // A safety net for a hung start, not a speed expectation (DynamoDB Local alone may take 120 s on a busy machine).
    const timer = setTimeout(() => reject(new Error(`the twin did not start in 180 s:\n${output}`)), 180_000);
    const lookForReady = () => {
      const line = /^TWIN_READY (.+)$/m.exec(output);
      if (!line?.[1]) return;
      child.stdout?.off('data', lookForReady);
      clearTimeout(timer);
      resolveReady(JSON.parse(line[1]));
    };
    child.stdout?.on('data', lookForReady);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the twin exited with ${code}:\n${output}`));
    });
  });
  return knownTwin({ ...ready, startedInMs: Date.now() - started, output: () => output, stop: () => stopChildProcess(child, 'SIGINT', 20_000) });
}

/** The control secrets of the twins this test process knows, by the origins of their API and bank. */
const controlSecrets = new Map<string, string>();

/** Lets json() send this twin's control secret with its /_twin/ requests (startTwinProcess does it for the twins it starts). */
export function knownTwin<T extends Pick<RunningTwin, 'apiUrl' | 'bankUrl' | 'controlSecret'>>(twin: T): T {
  for (const url of [twin.apiUrl, twin.bankUrl]) controlSecrets.set(new URL(url).origin, twin.controlSecret);
  return twin;
}

/**
 * A JSON request. To a twin control route (/_twin/...) of a known twin it sends the
 * twin's secret in x-twin-secret, as every tool must; a header given in init wins.
 */
export async function json(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const target = new URL(url);
  const secret = target.pathname.startsWith('/_twin/') ? controlSecrets.get(target.origin) : undefined;
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(secret ? { [controlSecretHeader]: secret } : {}), ...(init.headers as Record<string, string> | undefined) },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/**
 * Polls `probe` until it returns a value that is not undefined. The deadline is a ceiling for a
 * state that never comes, not a speed expectation: on two cores shared by two test files, a browser
 * and other processes, a bank callback or a stream consumer has taken longer than 15 s.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

/** One in-memory twin for a test file: started before its tests, stopped after. */
export function twinForThisFile(options: Pick<TwinProcessOptions, 'ownDynamoDb'> = {}): () => RunningTwin {
  let twin: RunningTwin | undefined;
  beforeAll(async () => {
    twin = await startTwinProcess(options);
  }, 400_000);
  afterAll(async () => {
    await twin?.stop();
  });
  return () => {
    if (!twin) throw new Error('the twin has not started');
    return twin;
  };
}
