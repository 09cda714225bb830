/**
 * The twin's e-signature simulator key (an asymmetric KMS key on AWS): a real Ed25519
 * key pair, generated at first start under the data folder (e-signature/) and kept
 * across restarts, so contracts signed before a restart still verify after it; in a
 * temporary folder removed at stop with --in-memory. The handlers read the PEM file
 * named by E_SIGNATURE_LOCAL_KEY_FILE (functions/adapters/documents/e-signature.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalSigningKey {
  /** The variables the handlers read (functions/settings/config.ts). */
  readonly environment: Readonly<Record<string, string>>;
  remove(): Promise<void>;
}

export async function localSigningKey(dataDir: string | undefined): Promise<LocalSigningKey> {
  const folder = dataDir ? join(dataDir, 'e-signature') : await mkdtemp(join(tmpdir(), 'twin-e-signature-'));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const keyFile = join(folder, 'signing-key.pem');
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    // A key, once used, must never change: only written when there is none.
    await writeFile(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return {
    environment: { E_SIGNATURE_LOCAL_KEY_FILE: keyFile },
    remove: async () => {
      if (!dataDir) await rm(folder, { recursive: true, force: true });
    },
  };
}
