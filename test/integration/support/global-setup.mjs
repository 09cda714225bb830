/**
 * The integration tier's DynamoDB Local JVMs, one per test worker, started before the first
 * file and shared by the files each worker runs one after another: every twin and every
 * adapter test keeps a table of its own there and drops it when it stops
 * (test/support/dynamodb.ts, test/support/twin-process.ts). A JVM started per file cost about
 * 2 s of CPU to start and 2 more to warm up (2 cores, 2026-12-07); a twin that needs a JVM of
 * its own (kept data, or a test of the JVM itself) still starts one.
 *
 * Plain JavaScript, loaded by jest as it is: the TypeScript it uses is loaded through tsx's
 * API, since jest's transform of a global setup cannot load the twin's ES modules.
 */
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup(globalConfig) {
  const { startDynamoDbLocal } = await tsImport('../../../lib/local/dynamodb-local.ts', import.meta.url);
  const { buildTwin } = await tsImport('../../../lib/local/twin-build.ts', import.meta.url);
  const { sharedDynamoDbVariable } = await tsImport('../../support/dynamodb.ts', import.meta.url);
  const { builtTwinVariable } = await tsImport('../../support/twin-process.ts', import.meta.url);
  const [twin, ...started] = await Promise.all([buildTwin(), ...Array.from({ length: Math.max(1, globalConfig.maxWorkers) }, () => startDynamoDbLocal({}))]);
  // Held on the global object for the teardown (./global-teardown.mjs), the one place jest lets the two share.
  globalThis.sharedDynamoDbJvms = started;
  globalThis.builtTwin = twin;
  process.env[sharedDynamoDbVariable] = started.map((jvm) => jvm.endpoint).join(' ');
  process.env[builtTwinVariable] = twin.entry;
}
