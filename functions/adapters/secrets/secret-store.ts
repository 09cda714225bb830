/**
 * The two places a function's secrets live: Secrets Manager on AWS (a version of a secret
 * by its stage) and, on the twin, key files it writes under its data folder
 * (lib/local/local-keys.ts).
 */
import { readFile } from 'node:fs/promises';

/** A version of the secret by its stage; undefined when there is none (AWSPREVIOUS before the first rotation). */
export type ReadSecretStage = (secretArn: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS') => Promise<string | undefined>;

let secretsClient: import('@aws-sdk/client-secrets-manager').SecretsManagerClient | undefined;

/** Reads a version of the secret by its stage from Secrets Manager. */
export const readSecretStage: ReadSecretStage = async (secretArn, stage) => {
  const { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  secretsClient ??= new SecretsManagerClient({});
  try {
    return (await secretsClient.send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage: stage }))).SecretString;
  } catch (error) {
    if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

/** Reads a key file the twin wrote: {"key": "<base64 of 32 bytes>"}. */
export async function readLocalKeyFile(file: string): Promise<Buffer> {
  const { key } = JSON.parse(await readFile(file, 'utf8')) as { key?: unknown };
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) throw new Error(`the key file ${file} holds no 32-byte key`);
  return bytes;
}

/** A key from its setting: the twin's key file, or a Secrets Manager secret of at least 32 characters. */
export async function readKey(setting: { readonly kind: 'local' | 'secrets-manager'; readonly value: string }, name: string): Promise<Buffer> {
  if (setting.kind === 'local') return readLocalKeyFile(setting.value);
  const value = await readSecretStage(setting.value, 'AWSCURRENT');
  if (!value || value.length < 32) throw new Error(`the ${name} secret holds no key of at least 32 characters`);
  return Buffer.from(value, 'utf8');
}
