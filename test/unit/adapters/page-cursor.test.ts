/**
 * Page cursors are opaque: the table keys cannot be read out of one, and an altered or
 * hand-made cursor is a 400 (before: base64url JSON of the keys, readable and forgeable).
 */
import { randomBytes } from 'node:crypto';
import { InvalidRequestError } from '../../../functions/core/errors';
import { decodeCursor as configuredDecode, encodeCursor as configuredEncode, pageCursors } from '../../../functions/adapters/dynamodb/page-cursor';
import { derivedRequestKey } from '../../../functions/adapters/secrets/request-keys';
import { localKeys, type LocalKeys } from '../../../lib/local/local-keys';

const { encodeCursor, decodeCursor } = pageCursors(randomBytes(32));

const lastKey = { pk: 'LOAN#loan-123', sk: 'BID#bid-9', ownerPk: 'USER#investor-1#BID', ownerSk: '2026-12-01T00:00:00.000Z#bid-9' };
const names = ['pk', 'sk', 'ownerPk', 'ownerSk'];
const mine = (key: Record<string, string>) => key.ownerPk === 'USER#investor-1#BID';

test('a cursor reads back as the key it was made from', () => {
  expect(decodeCursor(encodeCursor(lastKey), names, mine)).toEqual(lastKey);
});

test('the table keys cannot be read out of a cursor', () => {
  const cursor = encodeCursor(lastKey);
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  expect(decoded).not.toContain('LOAN#');
  expect(decoded).not.toContain('investor-1');
  expect(() => JSON.parse(decoded)).toThrow();
  // Sealed with a fresh nonce each time: the same key gives different cursors.
  expect(encodeCursor(lastKey)).not.toBe(cursor);
});

test('a cursor made by hand from the keys (the old format) is a 400', () => {
  const forged = Buffer.from(JSON.stringify({ ...lastKey, pk: 'LOAN#someone-elses-loan' }), 'utf8').toString('base64url');
  expect(() => decodeCursor(forged, names, () => true)).toThrow(InvalidRequestError);
});

test('changing any byte of a cursor makes it a 400', () => {
  const sealed = Buffer.from(encodeCursor(lastKey), 'base64url');
  for (let index = 0; index < sealed.byteLength; index += 1) {
    const altered = Buffer.from(sealed);
    altered[index]! ^= 0x01;
    expect(() => decodeCursor(altered.toString('base64url'), names, mine)).toThrow(InvalidRequestError);
  }
  expect(() => decodeCursor(encodeCursor(lastKey).slice(0, -2), names, mine)).toThrow(InvalidRequestError);
  expect(() => decodeCursor('', names, mine)).toThrow(InvalidRequestError);
});

test('a genuine cursor of another list, or of another partition, is still refused', () => {
  expect(() => decodeCursor(encodeCursor(lastKey), ['pk', 'sk'], () => true)).toThrow(InvalidRequestError);
  expect(() => decodeCursor(encodeCursor(lastKey), names, (key) => key.ownerPk === 'USER#investor-2#BID')).toThrow(InvalidRequestError);
});

test('instances with the same request keys read each other’s cursors; other keys cannot', () => {
  const secret = randomBytes(32);
  const cursor = pageCursors(derivedRequestKey(secret, 'page cursor')).encodeCursor(lastKey);
  expect(pageCursors(derivedRequestKey(Buffer.from(secret), 'page cursor')).decodeCursor(cursor, names, mine)).toEqual(lastKey);
  expect(() => pageCursors(derivedRequestKey(randomBytes(32), 'page cursor')).decodeCursor(cursor, names, mine)).toThrow(InvalidRequestError);
  // The fingerprint key is another key from the same secret.
  expect(derivedRequestKey(secret, 'idempotency fingerprint').equals(derivedRequestKey(secret, 'page cursor'))).toBe(false);
});

describe('the configured cursors (the request keys of the setting, here the twin’s key file)', () => {
  let keys: LocalKeys;
  beforeAll(async () => {
    keys = await localKeys(undefined);
    process.env.REQUEST_KEYS_LOCAL_FILE = keys.environment.REQUEST_KEYS_LOCAL_FILE;
  });
  afterAll(async () => {
    delete process.env.REQUEST_KEYS_LOCAL_FILE;
    await keys.remove();
  });

  test('seal with the key derived from the setting’s secret', async () => {
    const { readLocalKeyFile } = await import('../../../functions/adapters/secrets/secret-store');
    const fromFile = pageCursors(derivedRequestKey(await readLocalKeyFile(keys.environment.REQUEST_KEYS_LOCAL_FILE!), 'page cursor'));
    const cursor = await configuredEncode(lastKey);
    expect(fromFile.decodeCursor(cursor, names, mine)).toEqual(lastKey);
    expect(await configuredDecode(fromFile.encodeCursor(lastKey), names, mine)).toEqual(lastKey);
    await expect(configuredDecode(encodeCursor(lastKey), names, mine)).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
