/**
 * The PII vault's envelope ('pii-envelope/1') with the twin's local key-encryption key
 * and with KMS (mocked): a round trip, and every kind of tampering refused.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import {
  blindIndexWith,
  envelopeFormat,
  kmsKeyEncryption,
  localKeyEncryption,
  openWith,
  sealWith,
  type SealedEnvelope,
} from '../../../functions/adapters/identity/pii-vault';
import { readLocalKeyFile } from '../../../functions/adapters/secrets/secret-store';
import { localKeys } from '../../../lib/local/local-keys';

const record = JSON.stringify({ realName: '张三', idNumber: '11010519491231002X', phone: '13812345678', bankCard: '6222021234561236' });
const context = { purpose: 'identity-verification', userId: 'user-1' };
const local = localKeyEncryption(randomBytes(32));

const flipFirstByte = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString('base64');
};

test('a sealed record opens to the same text; the envelope holds no plaintext', async () => {
  const envelope = await sealWith(local, record, context);
  expect(envelope).toMatchObject({ format: envelopeFormat, keyEncryption: 'local', keyId: expect.stringMatching(/^local:[0-9a-f]{16}$/) });
  expect(Buffer.from(envelope.iv, 'base64')).toHaveLength(12);
  expect(Buffer.from(envelope.tag, 'base64')).toHaveLength(16);
  expect(Buffer.from(envelope.encryptedDataKey, 'base64')).toHaveLength(12 + 32 + 16);
  expect(await openWith(local, envelope, context)).toBe(record);
  const stored = JSON.stringify(envelope);
  for (const value of ['11010519491231002X', '13812345678', '6222021234561236', '张三']) expect(stored).not.toContain(value);
});

test('each record gets its own data key and IV', async () => {
  const [first, second] = [await sealWith(local, record, context), await sealWith(local, record, context)];
  expect(first.encryptedDataKey).not.toBe(second.encryptedDataKey);
  expect(first.iv).not.toBe(second.iv);
  expect(first.ciphertext).not.toBe(second.ciphertext);
});

test.each<[string, (envelope: SealedEnvelope) => SealedEnvelope]>([
  ['ciphertext', (envelope) => ({ ...envelope, ciphertext: flipFirstByte(envelope.ciphertext) })],
  ['tag', (envelope) => ({ ...envelope, tag: flipFirstByte(envelope.tag) })],
  ['iv', (envelope) => ({ ...envelope, iv: flipFirstByte(envelope.iv) })],
  ['encrypted data key', (envelope) => ({ ...envelope, encryptedDataKey: flipFirstByte(envelope.encryptedDataKey) })],
  ['truncated ciphertext', (envelope) => ({ ...envelope, ciphertext: Buffer.from(envelope.ciphertext, 'base64').subarray(1).toString('base64') })],
])('a tampered %s does not open', async (_part, tamper) => {
  const envelope = await sealWith(local, record, context);
  await expect(openWith(local, tamper(envelope), context)).rejects.toThrow(/does not open/);
});

test('another context, another key or another format does not open', async () => {
  const envelope = await sealWith(local, record, context);
  await expect(openWith(local, envelope, { ...context, userId: 'user-2' })).rejects.toThrow(/does not open/);
  await expect(openWith(localKeyEncryption(randomBytes(32)), envelope, context)).rejects.toThrow(/another local key/);
  await expect(openWith(local, { ...envelope, format: 'pii-envelope/0' as typeof envelopeFormat }, context)).rejects.toThrow();
});

test('with KMS: one GenerateDataKey (AES_256, with the context) per record, Decrypt with the key id and context', async () => {
  const kms = mockClient(KMSClient);
  const dataKey = randomBytes(32);
  const blob = randomBytes(180);
  const keyArn = 'arn:aws:kms:cn-north-1:000000000000:key/pii';
  kms.on(GenerateDataKeyCommand).resolves({ Plaintext: new Uint8Array(dataKey), CiphertextBlob: new Uint8Array(blob), KeyId: keyArn });
  kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(dataKey), KeyId: keyArn });
  const vault = kmsKeyEncryption(new KMSClient({ region: 'cn-north-1' }), 'alias/pii');

  const envelope = await sealWith(vault, record, context);
  expect(envelope).toMatchObject({ format: envelopeFormat, keyEncryption: 'aws-kms', keyId: keyArn, encryptedDataKey: blob.toString('base64') });
  expect(kms.commandCalls(GenerateDataKeyCommand)[0]!.args[0].input).toEqual({ KeyId: 'alias/pii', KeySpec: 'AES_256', EncryptionContext: context });
  expect(await openWith(vault, envelope, context)).toBe(record);
  expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input).toMatchObject({ KeyId: keyArn, EncryptionContext: context });
  // A local vault does not take a KMS envelope for its own.
  await expect(openWith(local, envelope, context)).rejects.toThrow(/aws-kms|local/);
  kms.restore();
});

test('the blind index is a keyed HMAC: stable for a key, different under another key or kind', () => {
  const key = randomBytes(32);
  const index = blindIndexWith(key, 'resident-id', '11010519491231002X');
  expect(index).toMatch(/^[0-9a-f]{64}$/);
  expect(blindIndexWith(key, 'resident-id', '11010519491231002X')).toBe(index);
  expect(blindIndexWith(randomBytes(32), 'resident-id', '11010519491231002X')).not.toBe(index);
  expect(blindIndexWith(key, 'credit-code', '11010519491231002X')).not.toBe(index);
});

describe("the twin's local keys", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pii-keys-test-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  test('are generated once under the data folder, readable only by the owner, and kept across restarts', async () => {
    const first = await localKeys(dataDir);
    const keyFile = first.environment.PII_LOCAL_KEY_FILE!;
    expect(keyFile.startsWith(dataDir)).toBe(true);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(first.environment.IDENTITY_VERIFICATION_PROVIDER).toBe('simulator');
    const before = await readFile(keyFile, 'utf8');
    const second = await localKeys(dataDir);
    await second.remove(); // data kept: a persistent twin never removes its keys
    expect(await readFile(keyFile, 'utf8')).toBe(before);
    const kek = await readLocalKeyFile(keyFile);
    expect(kek).toHaveLength(32);
    const blindIndexKey = await readLocalKeyFile(first.environment.PII_LOCAL_BLIND_INDEX_KEY_FILE!);
    const requestKeys = await readLocalKeyFile(first.environment.REQUEST_KEYS_LOCAL_FILE!);
    expect(new Set([kek, blindIndexKey, requestKeys].map((key) => key.toString('hex'))).size).toBe(3);
  });

  test('in memory, live in a temporary folder removed at stop', async () => {
    const keys = await localKeys(undefined);
    const keyFile = keys.environment.PII_LOCAL_KEY_FILE!;
    await readLocalKeyFile(keyFile);
    await keys.remove();
    await expect(stat(keyFile)).rejects.toThrow();
  });
});
