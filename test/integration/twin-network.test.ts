/**
 * The twin answers only on loopback (issue 14): from another network namespace on the
 * same machine, joined to this one by a veth pair with private addresses, none of the
 * twin's ports answers, while a port opened on every interface does (so the probe can
 * fail). Needs `ip netns` (iproute2, root); skipped with a message where it is not
 * permitted. The namespace and the veth pair are removed after the tests.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { twinForThisFile } from '../support/twin-process';

const namespace = `twin-probe-${process.pid}`;
const hostSide = `tw${process.pid % 100_000}h`;
const probeSide = `tw${process.pid % 100_000}p`;
const hostAddress = '10.213.0.1';
const probeAddress = '10.213.0.2';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Makes the namespace and the veth pair; why not, if it cannot. */
function makeNamespace(): string | undefined {
  try {
    ip('netns', 'add', namespace);
  } catch (error) {
    return `ip netns is not permitted here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
  ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', probeSide);
  ip('link', 'set', probeSide, 'netns', namespace);
  ip('addr', 'add', `${hostAddress}/30`, 'dev', hostSide);
  ip('link', 'set', hostSide, 'up');
  ip('netns', 'exec', namespace, 'ip', 'addr', 'add', `${probeAddress}/30`, 'dev', probeSide);
  ip('netns', 'exec', namespace, 'ip', 'link', 'set', probeSide, 'up');
  ip('netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up');
  return undefined;
}

const unavailable = makeNamespace();
if (unavailable) console.warn(`SKIPPED twin-network.test.ts: ${unavailable}`);
const whereNamespacesWork = unavailable ? test.skip : test;

afterAll(() => {
  if (unavailable) return;
  ip('netns', 'del', namespace);
  try {
    ip('link', 'del', hostSide);
  } catch {
    // gone with the namespace's end of the pair
  }
});

// As `npm start` runs it, with a DynamoDB Local of its own: its port is one of those probed.
const current = twinForThisFile({ ownDynamoDb: true });

/** From inside the namespace: which of these ports of the host's veth address accept a TCP connection. */
function answeringFromNamespace(ports: readonly number[]): number[] {
  const probe = `
    const net = require('node:net');
    Promise.all(${JSON.stringify(ports)}.map((port) => new Promise((resolve) => {
      const socket = net.connect({ host: '${hostAddress}', port, timeout: 3000 });
      socket.once('connect', () => { socket.destroy(); resolve(port); });
      socket.once('timeout', () => { socket.destroy(); resolve(null); });
      socket.once('error', () => resolve(null));
    }))).then((open) => console.log(JSON.stringify(open.filter((port) => port !== null))));`;
  return JSON.parse(execFileSync('ip', ['netns', 'exec', namespace, process.execPath, '-e', probe], { encoding: 'utf8' })) as number[];
}

whereNamespacesWork('no port of the twin answers from another network namespace; a port open on every interface does', async () => {
  const twin = current();
  const twinPorts = [twin.apiUrl, twin.stepFunctionsUrl, twin.dynamoDbUrl, twin.cognitoUrl, twin.bankUrl].map((url) => Number(new URL(url).port));
  const everywhere: Server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => everywhere.listen(0, '0.0.0.0', resolve));
  const open = (everywhere.address() as { port: number }).port;
  try {
    expect(answeringFromNamespace([...twinPorts, open])).toEqual([open]);
  } finally {
    await new Promise((resolve) => everywhere.close(resolve));
  }
});
