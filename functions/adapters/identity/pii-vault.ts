/**
 * The PII vault: envelope encryption of personal data at rest, and a keyed blind
 * index to find a record by an ID number without storing the number.
 *
 * Envelope ('pii-envelope/1'): each sealed record gets its own 256-bit data key; the
 * record is encrypted locally with AES-256-GCM (12-byte random IV, 16-byte tag) and
 * the data key, encrypted under a key-encryption key, is stored beside the ciphertext.
 * On AWS the key-encryption key is a KMS key (GenerateDataKey AES_256 / Decrypt); on
 * the twin it is a local 256-bit key in a file, wrapping the data key with AES-256-GCM
 * itself. The encryption context (e.g. the user's id and the purpose) is bound to
 * both layers: KMS's EncryptionContext and GCM's additional authenticated data, so an
 * envelope copied to another record does not open.
 *
 * Blind index: HMAC-SHA256 under a separate key (a Secrets Manager secret on AWS, a
 * local file on the twin) over the kind and the normalized value, hex-encoded.
 *
 * Nothing here logs, and no error message carries a plaintext value.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { config } from '../../settings/settings';
import { readKey, readLocalKeyFile } from '../secrets/secret-store';

export const envelopeFormat = 'pii-envelope/1';

export interface SealedEnvelope {
  readonly format: typeof envelopeFormat;
  /** Which key-encryption key wrapped the data key. */
  readonly keyEncryption: 'aws-kms' | 'local';
  /** The KMS key's ARN, or the local key's id (a fingerprint of it). */
  readonly keyId: string;
  /** Base64: KMS's ciphertext blob, or the local wrapping's IV ‖ ciphertext ‖ tag. */
  readonly encryptedDataKey: string;
  /** Base64 of the 12-byte GCM IV, the ciphertext and the 16-byte GCM tag. */
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** Non-secret strings bound to an envelope; the same context is needed to open it. */
export type EncryptionContext = Readonly<Record<string, string>>;

/** A key-encryption key: issues data keys and unwraps them. */
export interface KeyEncryption {
  readonly kind: SealedEnvelope['keyEncryption'];
  generateDataKey(context: EncryptionContext): Promise<{ readonly plaintext: Buffer; readonly encrypted: Buffer; readonly keyId: string }>;
  decryptDataKey(encrypted: Buffer, keyId: string, context: EncryptionContext): Promise<Buffer>;
}

const algorithm = 'aes-256-gcm';

/** The context as GCM's additional data: the format and the sorted entries. */
function additionalData(context: EncryptionContext): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify([envelopeFormat, entries]), 'utf8');
}

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function gcmDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  if (iv.length !== 12 || tag.length !== 16) throw new Error('the PII envelope is malformed');
  const decipher = createDecipheriv(algorithm, key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new Error('the PII envelope does not open: altered, or sealed under another key or context');
  }
}

export async function sealWith(keyEncryption: KeyEncryption, plaintext: string, context: EncryptionContext): Promise<SealedEnvelope> {
  const dataKey = await keyEncryption.generateDataKey(context);
  try {
    const { iv, ciphertext, tag } = gcmEncrypt(dataKey.plaintext, Buffer.from(plaintext, 'utf8'), additionalData(context));
    return {
      format: envelopeFormat,
      keyEncryption: keyEncryption.kind,
      keyId: dataKey.keyId,
      encryptedDataKey: dataKey.encrypted.toString('base64'),
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: tag.toString('base64'),
    };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

export async function openWith(keyEncryption: KeyEncryption, envelope: SealedEnvelope, context: EncryptionContext): Promise<string> {
  if (envelope.format !== envelopeFormat || envelope.keyEncryption !== keyEncryption.kind) {
    throw new Error(`this vault opens ${envelopeFormat} envelopes wrapped by ${keyEncryption.kind}`);
  }
  const dataKey = await keyEncryption.decryptDataKey(Buffer.from(envelope.encryptedDataKey, 'base64'), envelope.keyId, context);
  try {
    const plaintext = gcmDecrypt(
      dataKey,
      Buffer.from(envelope.iv, 'base64'),
      Buffer.from(envelope.ciphertext, 'base64'),
      Buffer.from(envelope.tag, 'base64'),
      additionalData(context),
    );
    return plaintext.toString('utf8');
  } finally {
    dataKey.fill(0);
  }
}

/** A local 256-bit key-encryption key: the data key is wrapped with AES-256-GCM under it. */
export function localKeyEncryption(kek: Buffer): KeyEncryption {
  if (kek.length !== 32) throw new Error('a local key-encryption key is 32 bytes');
  const keyId = `local:${createHash('sha256').update(kek).digest('hex').slice(0, 16)}`;
  return {
    kind: 'local',
    generateDataKey: async (context) => {
      const plaintext = randomBytes(32);
      const { iv, ciphertext, tag } = gcmEncrypt(kek, plaintext, additionalData(context));
      return { plaintext, encrypted: Buffer.concat([iv, ciphertext, tag]), keyId };
    },
    decryptDataKey: async (encrypted, envelopeKeyId, context) => {
      if (envelopeKeyId !== keyId) throw new Error('the PII envelope was sealed under another local key');
      return gcmDecrypt(kek, encrypted.subarray(0, 12), encrypted.subarray(12, encrypted.length - 16), encrypted.subarray(encrypted.length - 16), additionalData(context));
    },
  };
}

/** A KMS key: one GenerateDataKey (AES_256) per sealed record, Decrypt to open. */
export function kmsKeyEncryption(kms: KMSClient, keyId: string): KeyEncryption {
  return {
    kind: 'aws-kms',
    generateDataKey: async (context) => {
      const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
      const result = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }));
      if (!result.Plaintext || !result.CiphertextBlob || !result.KeyId) throw new Error('KMS returned no data key');
      return { plaintext: Buffer.from(result.Plaintext), encrypted: Buffer.from(result.CiphertextBlob), keyId: result.KeyId };
    },
    decryptDataKey: async (encrypted, envelopeKeyId, context) => {
      const { DecryptCommand } = await import('@aws-sdk/client-kms');
      const result = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted, KeyId: envelopeKeyId, EncryptionContext: { ...context } }));
      if (!result.Plaintext) throw new Error('KMS returned no plaintext data key');
      return Buffer.from(result.Plaintext);
    },
  };
}

/** HMAC-SHA256 of kind and value under the blind-index key, hex. */
export function blindIndexWith(key: Buffer, kind: string, value: string): string {
  return createHmac('sha256', key).update(`${kind}\u0000${value}`, 'utf8').digest('hex');
}

// The configured vault, built once per process at first use (a handler that never
// seals needs neither the key settings nor the clients; the KMS SDK loads only then).
let keyEncryption: Promise<KeyEncryption> | undefined;
let blindIndexKey: Promise<Buffer> | undefined;

function configuredKeyEncryption(): Promise<KeyEncryption> {
  keyEncryption ??= (async () => {
    const setting = config.piiKeyEncryption();
    if (setting.kind !== 'aws-kms') return localKeyEncryption(await readLocalKeyFile(setting.value));
    const { KMSClient } = await import('@aws-sdk/client-kms');
    return kmsKeyEncryption(new KMSClient({}), setting.value);
  })();
  keyEncryption.catch(() => (keyEncryption = undefined));
  return keyEncryption;
}

function configuredBlindIndexKey(): Promise<Buffer> {
  blindIndexKey ??= readKey(config.piiBlindIndexKey(), 'blind-index');
  blindIndexKey.catch(() => (blindIndexKey = undefined));
  return blindIndexKey;
}

/** Seals a record (text, usually JSON) under a fresh data key. */
export async function sealPii(plaintext: string, context: EncryptionContext): Promise<SealedEnvelope> {
  return sealWith(await configuredKeyEncryption(), plaintext, context);
}

export async function openPii(envelope: SealedEnvelope, context: EncryptionContext): Promise<string> {
  return openWith(await configuredKeyEncryption(), envelope, context);
}

/** The blind index of a normalized value of a kind ('resident-id', 'credit-code'). */
export async function blindIndex(kind: string, value: string): Promise<string> {
  return blindIndexWith(await configuredBlindIndexKey(), kind, value);
}
