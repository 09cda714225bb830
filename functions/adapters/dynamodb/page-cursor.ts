/**
 * Opaque page cursors for list routes: DynamoDB's LastEvaluatedKey, sealed with AES-256-GCM,
 * base64url. A client can neither read the table keys in it nor forge or alter one: a
 * cursor that does not open is a 400. One that opens is accepted back only if it has
 * exactly the key attributes of the list that gave it and belongs to the same partition
 * (so nobody pages someone else's list).
 * The key is derived from the PAGE_CURSOR_SECRET setting, shared by every instance of a
 * deployment; without it, a random key per process (the twin runs in one process; its
 * cursors end with it).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { InvalidRequestError } from '../../core/errors';
import { config } from '../../settings/settings';

const ivBytes = 12;
const tagBytes = 16;

export interface PageCursors {
  encodeCursor(key: Record<string, unknown>): string;
  decodeCursor(cursor: string, names: readonly string[], belongs: (key: Record<string, string>) => boolean): Record<string, string>;
}

/** Cursors sealed with a key derived from `secret`. */
export function pageCursors(secret: Buffer): PageCursors {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'p2p-lending page cursor', 32));
  const open = (cursor: string): unknown => {
    const sealed = Buffer.from(cursor, 'base64url');
    if (sealed.byteLength <= ivBytes + tagBytes || sealed.toString('base64url') !== cursor) throw new Error('not a sealed cursor');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivBytes));
    decipher.setAuthTag(sealed.subarray(ivBytes, ivBytes + tagBytes));
    return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8'));
  };
  return {
    encodeCursor(lastKey) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(JSON.stringify(lastKey), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
    },
    decodeCursor(cursor, names, belongs) {
      try {
        const key = open(cursor) as Record<string, unknown>;
        if (Object.keys(key).sort().join() === [...names].sort().join() && names.every((name) => typeof key[name] === 'string') && belongs(key as Record<string, string>)) {
          return key as Record<string, string>;
        }
      } catch {
        // fall through: altered, forged, or sealed by another key
      }
      throw new InvalidRequestError('The cursor is not one this list gave you');
    },
  };
}

let configured: PageCursors | undefined;
const cursors = (): PageCursors => {
  const secret = config.pageCursorSecret();
  configured ??= pageCursors(secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8'));
  return configured;
};

export const encodeCursor: PageCursors['encodeCursor'] = (key) => cursors().encodeCursor(key);
export const decodeCursor: PageCursors['decodeCursor'] = (cursor, names, belongs) => cursors().decodeCursor(cursor, names, belongs);
