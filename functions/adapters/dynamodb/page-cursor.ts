/**
 * Opaque page cursors for list routes: DynamoDB's LastEvaluatedKey, sealed with AES-256-GCM,
 * base64url. A client can neither read the table keys in it nor forge or alter one: a
 * cursor that does not open is a 400. One that opens is accepted back only if it has
 * exactly the key attributes of the list that gave it and belongs to the same partition
 * (so nobody pages someone else's list).
 * The key is the deployment's 'page cursor' request key (adapters/secrets/request-keys.ts),
 * the same in every function, so a cursor one instance gave opens in any other.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { InvalidRequestError } from '../../core/errors';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../settings/settings';
import { requestKey } from '../secrets/request-keys';
import { documents } from './client';

const ivBytes = 12;
const tagBytes = 16;

export interface PageCursors {
  encodeCursor(key: Record<string, unknown>): string;
  decodeCursor(cursor: string, names: readonly string[], belongs: (key: Record<string, string>) => boolean): Record<string, string>;
}

/** Cursors sealed with `key` (32 bytes, AES-256-GCM). */
export function pageCursors(key: Buffer): PageCursors {
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
const cursors = async (): Promise<PageCursors> => (configured ??= pageCursors(await requestKey('page cursor')));

export const encodeCursor = async (key: Record<string, unknown>): Promise<string> => (await cursors()).encodeCursor(key);
export const decodeCursor = async (...args: Parameters<PageCursors['decodeCursor']>): Promise<Record<string, string>> => (await cursors()).decodeCursor(...args);

/** A page of a user's items in the byOwner index (one owner partition), newest first, with the sealed cursor of the next page. */
export async function ownerPage(ownerPk: string, limit: number, cursor: string | undefined): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  const startKey = cursor === undefined ? undefined : await decodeCursor(cursor, ['pk', 'sk', 'ownerPk', 'ownerSk'], (key) => key.ownerPk === ownerPk);
  const page = await documents.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerPk = :owner',
      ExpressionAttributeValues: { ':owner': ownerPk },
      ScanIndexForward: false,
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return { items: page.Items ?? [], ...(page.LastEvaluatedKey ? { nextCursor: await encodeCursor(page.LastEvaluatedKey) } : {}) };
}
