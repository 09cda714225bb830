/**
 * Opaque page cursors for list routes: DynamoDB's LastEvaluatedKey as base64url JSON.
 * A cursor is accepted back only if it has exactly the key attributes of the list
 * that gave it and belongs to the same partition (so nobody pages someone else's list).
 */
import { InvalidRequestError } from '../../core/errors';

export const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export function decodeCursor(cursor: string, names: readonly string[], belongs: (key: Record<string, string>) => boolean): Record<string, string> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (Object.keys(key).sort().join() === [...names].sort().join() && names.every((name) => typeof key[name] === 'string') && belongs(key as Record<string, string>)) {
      return key as Record<string, string>;
    }
  } catch {
    // fall through: not a cursor of ours
  }
  throw new InvalidRequestError('The cursor is not one this list gave you');
}
