/**
 * The write stamp (functions/adapters/dynamodb/write-stamp.ts): Put items and Updates get
 * changedBy/requestId/changedAt; the UpdateExpression is rewritten clause-aware (SET
 * present or not, with REMOVE/ADD/DELETE, lowercase keywords, names that contain
 * "SET"), through placeholders that collide with none of the update's; the audit log's
 * items are left alone; the caller's objects are not touched. Then the middleware on
 * the document client (functions/adapters/dynamodb/client.ts): what goes on the wire, with and
 * without a request context (functions/adapters/runtime/request-context.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { clausesOf, stampedItem, stampedUpdate, stampedWriteInput, type WriteStamp } from '../../../functions/adapters/dynamodb/write-stamp';

const full: WriteStamp = { changedAt: '2026-11-25T08:00:00.000Z', changedBy: 'user-1', requestId: 'req-1' };
const anonymous: WriteStamp = { changedAt: '2026-11-25T08:00:00.000Z' };

/** The clauses of an expression as keyword → body (trimmed), to compare regardless of spacing. */
function clauses(expression: string): Record<string, string> {
  return Object.fromEntries(clausesOf(expression).map((clause) => [clause.keyword, expression.slice(clause.bodyStart, clause.end).trim()]));
}

/** What an update sets: attribute name → value placeholder's value, resolving #names and :values (SET clause of simple assignments only). */
function assignments(update: { Key?: unknown; UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }): Record<string, unknown> {
  const set = clauses(update.UpdateExpression ?? '').SET ?? '';
  const result: Record<string, unknown> = {};
  for (const assignment of set.split(',')) {
    const [path, value] = assignment.split('=').map((part) => part.trim());
    if (!path || !value || !value.startsWith(':')) continue;
    result[path.startsWith('#') ? update.ExpressionAttributeNames![path]! : path] = update.ExpressionAttributeValues![value];
  }
  return result;
}

const removed = (update: { UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string> }): string[] =>
  (clauses(update.UpdateExpression ?? '').REMOVE ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean)
    .map((path) => (path.startsWith('#') ? update.ExpressionAttributeNames![path]! : path));

describe('clausesOf', () => {
  test('finds each keyword, in any case, and not inside names or placeholders', () => {
    expect(clauses('SET a = :a REMOVE b ADD c :one DELETE d :set')).toEqual({ SET: 'a = :a', REMOVE: 'b', ADD: 'c :one', DELETE: 'd :set' });
    expect(clauses('set #SET = :SET, SETTLED = :x, assetCount = :y remove #REMOVE')).toEqual({ SET: '#SET = :SET, SETTLED = :x, assetCount = :y', REMOVE: '#REMOVE' });
    expect(clauses('ADD n :one')).toEqual({ ADD: 'n :one' });
    expect(clauses('SET a.setting = :v, b[0] = :w')).toEqual({ SET: 'a.setting = :v, b[0] = :w' });
  });
});

describe('stampedUpdate', () => {
  test('adds to the SET clause that is there, keeping every other clause', () => {
    const update = { Key: { pk: 'LOAN#1', sk: 'LOAN' }, UpdateExpression: 'SET #status = :status REMOVE pendingToken ADD version :one', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':status': 'LISTED', ':one': 1 } };
    const stamped = stampedUpdate(update, full);
    expect(assignments(stamped)).toEqual({ status: 'LISTED', changedBy: 'user-1', requestId: 'req-1', changedAt: full.changedAt });
    expect(clauses(stamped.UpdateExpression)).toMatchObject({ REMOVE: 'pendingToken', ADD: 'version :one' });
    expect(clausesOf(stamped.UpdateExpression).filter((clause) => clause.keyword === 'SET')).toHaveLength(1);
    // The caller's update is untouched.
    expect(update.UpdateExpression).toBe('SET #status = :status REMOVE pendingToken ADD version :one');
    expect(Object.keys(update.ExpressionAttributeNames)).toEqual(['#status']);
  });

  test('adds a SET clause when there is none (ADD only, REMOVE only, no expression at all)', () => {
    const added = stampedUpdate({ Key: { pk: 'ACCOUNT#x', sk: 'BALANCE' }, UpdateExpression: 'ADD balanceFen :delta', ExpressionAttributeValues: { ':delta': 5 } }, full);
    expect(clauses(added.UpdateExpression)).toMatchObject({ ADD: 'balanceFen :delta' });
    expect(assignments(added)).toEqual({ changedBy: 'user-1', requestId: 'req-1', changedAt: full.changedAt });
    const removing = stampedUpdate({ Key: { pk: 'LOAN#1', sk: 'LOAN' }, UpdateExpression: 'remove taskToken' }, full);
    expect(clauses(removing.UpdateExpression)).toMatchObject({ REMOVE: 'taskToken' });
    expect(assignments(removing)).toEqual({ changedBy: 'user-1', requestId: 'req-1', changedAt: full.changedAt });
    const bare = stampedUpdate({ Key: { pk: 'LOAN#1', sk: 'LOAN' } }, full);
    expect(assignments(bare)).toEqual({ changedBy: 'user-1', requestId: 'req-1', changedAt: full.changedAt });
  });

  test('lowercase keywords and names containing "SET" are handled', () => {
    const stamped = stampedUpdate(
      { Key: { pk: 'LOAN#1', sk: 'LOAN' }, UpdateExpression: 'remove #SET set SETTLED = :SET, assetFen = :v add #ADD :n', ExpressionAttributeNames: { '#SET': 'SET', '#ADD': 'ADD' }, ExpressionAttributeValues: { ':SET': true, ':v': 3, ':n': 1 } },
      full,
    );
    expect(assignments(stamped)).toEqual({ SETTLED: true, assetFen: 3, changedBy: 'user-1', requestId: 'req-1', changedAt: full.changedAt });
    expect(removed(stamped)).toEqual(['SET']);
    expect(clauses(stamped.UpdateExpression)).toMatchObject({ ADD: '#ADD :n' });
  });

  test('its placeholders collide with none of the update’s', () => {
    const stamped = stampedUpdate(
      {
        Key: { pk: 'LOAN#1', sk: 'LOAN' },
        UpdateExpression: 'SET #stamp_changedAt = :stamp_changedAt',
        ExpressionAttributeNames: { '#stamp_changedAt': 'other' },
        ExpressionAttributeValues: { ':stamp_changedAt': 'theirs', ':stamp_changedBy': 'theirs too' },
      },
      full,
    );
    expect(assignments(stamped)).toEqual({ other: 'theirs', changedBy: 'user-1', requestId: 'req-1', changedAt: full.changedAt });
    expect(stamped.ExpressionAttributeValues).toMatchObject({ ':stamp_changedAt': 'theirs', ':stamp_changedBy': 'theirs too' });
  });

  test('without a context: changedAt set, changedBy and requestId removed (an item never keeps an earlier actor)', () => {
    const stamped = stampedUpdate({ Key: { pk: 'LOAN#1', sk: 'LOAN' }, UpdateExpression: 'SET a = :a REMOVE b', ExpressionAttributeValues: { ':a': 1 } }, anonymous);
    expect(assignments(stamped)).toEqual({ a: 1, changedAt: anonymous.changedAt });
    expect(removed(stamped)).toEqual(['b', 'changedBy', 'requestId']);
    const noRemove = stampedUpdate({ Key: { pk: 'LOAN#1', sk: 'LOAN' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 1 } }, anonymous);
    expect(removed(noRemove)).toEqual(['changedBy', 'requestId']);
  });

  test('an attribute the update names itself is left to it; the audit log is never stamped', () => {
    const own = stampedUpdate({ Key: { pk: 'X', sk: 'Y' }, UpdateExpression: 'SET #at = :at', ExpressionAttributeNames: { '#at': 'changedAt' }, ExpressionAttributeValues: { ':at': 'mine' } }, full);
    expect(assignments(own)).toEqual({ changedAt: 'mine', changedBy: 'user-1', requestId: 'req-1' });
    const audit = { Key: { pk: 'AUDIT#HEAD', sk: 'HEAD' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 1 } };
    expect(stampedUpdate(audit, full)).toBe(audit);
  });

  test('marshalled input gets marshalled values', () => {
    const stamped = stampedUpdate({ Key: { pk: { S: 'LOAN#1' }, sk: { S: 'LOAN' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { N: '1' } } }, full);
    expect(assignments(stamped)).toEqual({ a: { N: '1' }, changedBy: { S: 'user-1' }, requestId: { S: 'req-1' }, changedAt: { S: full.changedAt } });
  });
});

describe('stampedItem and stampedWriteInput', () => {
  test('a Put item gets the stamp, a copy; stale stamp attributes go when unknown', () => {
    const item = { pk: 'LOAN#1', sk: 'BID#1', investorId: 'user-1', requestId: 'old', changedBy: 'someone' };
    expect(stampedItem(item, full)).toEqual({ ...item, changedBy: 'user-1', requestId: 'req-1', changedAt: full.changedAt });
    expect(stampedItem(item, anonymous)).toEqual({ pk: 'LOAN#1', sk: 'BID#1', investorId: 'user-1', changedAt: anonymous.changedAt });
    expect(item.requestId).toBe('old');
    const event = { pk: 'AUDIT#CHAIN', sk: '2026#1', requestId: 'the audited one', changedAt: '2026-01-01T00:00:00.000Z' };
    expect(stampedItem(event, full)).toBe(event);
  });

  test('commands: Put, Update, TransactWrite (Put/Update parts; Delete and ConditionCheck untouched), BatchWrite; others not', () => {
    expect(stampedWriteInput('PutItemCommand', { TableName: 't', Item: { pk: 'a', sk: 'b' } }, full)).toEqual({ TableName: 't', Item: { pk: 'a', sk: 'b', ...full } });
    expect(assignments(stampedWriteInput('UpdateItemCommand', { TableName: 't', Key: { pk: 'a', sk: 'b' }, UpdateExpression: 'SET x = :x', ExpressionAttributeValues: { ':x': 1 } }, full) as never)).toEqual({ x: 1, ...full });
    const deletion = { Delete: { TableName: 't', Key: { pk: 'c', sk: 'd' } } };
    const check = { ConditionCheck: { TableName: 't', Key: { pk: 'e', sk: 'f' }, ConditionExpression: 'attribute_exists(pk)' } };
    const transaction = stampedWriteInput(
      'TransactWriteItemsCommand',
      { TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }, { Update: { TableName: 't', Key: { pk: 'g', sk: 'h' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }, deletion, check] },
      full,
    ) as { TransactItems: Array<Record<string, any>> };
    expect(transaction.TransactItems[0]!.Put.Item).toEqual({ pk: 'a', sk: 'b', ...full });
    expect(assignments(transaction.TransactItems[1]!.Update)).toEqual(full);
    expect(transaction.TransactItems[2]).toBe(deletion);
    expect(transaction.TransactItems[3]).toBe(check);
    const batch = stampedWriteInput('BatchWriteItemCommand', { RequestItems: { t: [{ PutRequest: { Item: { pk: 'a', sk: 'b' } } }, { DeleteRequest: { Key: { pk: 'c', sk: 'd' } } }] } }, full) as { RequestItems: { t: Array<Record<string, any>> } };
    expect(batch.RequestItems.t[0]!.PutRequest.Item).toEqual({ pk: 'a', sk: 'b', ...full });
    expect(batch.RequestItems.t[1]).toEqual({ DeleteRequest: { Key: { pk: 'c', sk: 'd' } } });
    expect(stampedWriteInput('DeleteItemCommand', { Key: { pk: 'a', sk: 'b' } }, full)).toBeUndefined();
    expect(stampedWriteInput('GetItemCommand', { Key: { pk: 'a', sk: 'b' } }, full)).toBeUndefined();
  });
});
