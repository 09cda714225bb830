/**
 * Starts the twin's Cognito: the local user pool (kept under the data folder, or in
 * memory) behind its AWS JSON endpoint, and the environment that points the
 * handlers' Cognito client at it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Clock } from '../../../functions/adapters/runtime/clock';
import type { LocalIdentityProvider } from '../identity';
import type { AwsCredentials } from '../signature-v4';
import { cognitoEndpoint } from './endpoint';
import { LocalUserPool } from './user-pool';

export interface LocalCognito {
  readonly pool: LocalUserPool;
  readonly url: string;
  /** AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, USER_POOL_ID, USER_POOL_CLIENT_ID. */
  readonly environment: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalCognito(options: {
  dataDir: string | undefined;
  clock: Clock;
  identity: LocalIdentityProvider;
  port: number;
  /** What admin operations must be signed with (the handlers' AWS credentials). */
  credentials: AwsCredentials;
}): Promise<LocalCognito> {
  const pool = await LocalUserPool.open({
    clock: options.clock,
    identity: options.identity,
    ...(options.dataDir ? { file: join(options.dataDir, 'cognito', 'user-pool.json') } : {}),
  });
  const server = cognitoEndpoint(pool, options.credentials);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    pool,
    url,
    environment: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: url, USER_POOL_ID: pool.id, USER_POOL_CLIENT_ID: pool.clientId },
    stop: () => close(server),
  };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
