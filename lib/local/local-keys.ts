/**
 * The twin's stand-ins for the PII key (KMS on AWS), the blind-index secret and the
 * request-keys secret (Secrets Manager on AWS): random 256-bit keys in files, generated at
 * first start under the data folder (pii/) and kept across restarts (so page cursors and
 * stored idempotency fingerprints stay valid), or in a temporary folder removed at stop
 * with --in-memory. Also selects the identity-verification simulator.
 * The handlers read the files through the same adapters as on AWS
 * (functions/adapters/identity/pii-vault.ts, functions/adapters/runtime/request-keys.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalKeys {
  /** The variables the handlers read (functions/settings/settings.ts). */
  readonly environment: Readonly<Record<string, string>>;
  remove(): Promise<void>;
}

export async function localKeys(dataDir: string | undefined): Promise<LocalKeys> {
  const folder = dataDir ? join(dataDir, 'pii') : await mkdtemp(join(tmpdir(), 'twin-pii-'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const keyFile = join(folder, 'key-encryption-key.json');
  const blindIndexKeyFile = join(folder, 'blind-index-key.json');
  const requestKeysFile = join(folder, 'request-keys.json');
  for (const file of [keyFile, blindIndexKeyFile, requestKeysFile]) await createKeyFile(file);
  return {
    environment: {
      PII_LOCAL_KEY_FILE: keyFile,
      PII_LOCAL_BLIND_INDEX_KEY_FILE: blindIndexKeyFile,
      REQUEST_KEYS_LOCAL_FILE: requestKeysFile,
      IDENTITY_VERIFICATION_PROVIDER: 'simulator',
    },
    remove: async () => {
      if (!dataDir) await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Writes a fresh key unless the file exists: a key, once used, must never change. */
async function createKeyFile(file: string): Promise<void> {
  try {
    await writeFile(file, JSON.stringify({ key: randomBytes(32).toString('base64') }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
