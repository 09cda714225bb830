/**
 * The twin's custodian bank: the simulator on its own port, its books under
 * <data>/custodian-bank/ (or in memory), and the secret it shares with the platform,
 * generated once per data folder (per start when in memory). Hands the platform's
 * adapter its environment: CUSTODIAN_BANK_URL and CUSTODIAN_BANK_SECRET.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../../functions/adapters/runtime/clock';
import type { TwinLog } from '../twin-log';
import { CustodianBankSimulator, newSharedSecret } from './simulator';

export interface TwinCustodianBank {
  readonly url: string;
  readonly environment: Record<string, string>;
  /** The platform's callback route: the gateway's URL + /v1/custody/callbacks. */
  setCallbackUrl(url: string): void;
  /** No instruction waiting to be executed, no callback being delivered. */
  readonly quiet: boolean;
  /** Resolves once quiet. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTwinCustodianBank(options: { dataDir: string | undefined; port: number; clock: Clock; log?: TwinLog; controlSecret: string }): Promise<TwinCustodianBank> {
  const folder = options.dataDir && join(options.dataDir, 'custodian-bank');
  const secret = folder ? await secretIn(join(folder, 'shared-secret')) : newSharedSecret();
  const simulator = await CustodianBankSimulator.start({
    port: options.port,
    clock: options.clock,
    secret,
    controlSecret: options.controlSecret,
    stateFile: folder ? join(folder, 'books.json') : undefined,
    log: options.log,
  });
  return {
    url: simulator.url,
    environment: { CUSTODIAN_BANK_URL: simulator.url, CUSTODIAN_BANK_SECRET: secret },
    setCallbackUrl: (url) => simulator.setCallbackUrl(url),
    get quiet() {
      return simulator.quiet;
    },
    idle: () => simulator.idle(),
    stop: () => simulator.stop(),
  };
}

async function secretIn(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = newSharedSecret();
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
