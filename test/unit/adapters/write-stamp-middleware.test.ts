/**
 * The stamping middleware on the platform's document client, as the wire sees it (a
 * build-step middleware captures the serialized request and stops it before the
 * network): inside a request context a Put and an Update carry changedBy/requestId/
 * changedAt (the installed clock's time), outside one only changedAt; a workflow
 * task's writes say `workflow:{task}` and the execution its input names; the
 * caller's command input is not changed.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';

process.env.AWS_REGION ??= 'cn-north-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_ENDPOINT_URL_DYNAMODB ??= 'http://127.0.0.1:1';

const { documents } = await import('../../../functions/adapters/dynamodb/client');
const { installClock } = await import('../../../functions/adapters/runtime/clock');
const { withRequestContext, workflowTask } = await import('../../../functions/adapters/runtime/request-context');
const { PutCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');

class Captured extends Error {
  constructor(readonly body: Record<string, any>) {
    super('captured');
  }
}

const twinTime = new Date('2031-02-03T04:05:06.000Z');

beforeAll(() => {
  installClock({ now: () => twinTime });
  documents.middlewareStack.add(
    () => async (args) => {
      const { body } = args.request as { body?: string | Uint8Array };
      throw new Captured(JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)));
    },
    { step: 'build', name: 'captureForTest', priority: 'low' },
  );
});
afterAll(() => {
  documents.middlewareStack.remove('captureForTest');
  installClock({ now: () => new Date() });
});

async function wire(send: () => Promise<unknown>): Promise<Record<string, any>> {
  try {
    await send();
  } catch (error) {
    if (error instanceof Captured) return error.body;
    throw error;
  }
  throw new Error('the request was not captured');
}

test('a Put in a request context carries who, which request and the clock’s time; the caller’s item is untouched', async () => {
  const item = { pk: 'LOAN#1', sk: 'BID#1', investorId: 'user-7' };
  const body = await withRequestContext({ actor: 'user-7', requestId: 'req-abc' }, () => wire(() => documents.send(new PutCommand({ TableName: 't', Item: item }))));
  expect(body.Item).toEqual({ pk: { S: 'LOAN#1' }, sk: { S: 'BID#1' }, investorId: { S: 'user-7' }, changedBy: { S: 'user-7' }, requestId: { S: 'req-abc' }, changedAt: { S: twinTime.toISOString() } });
  expect(item).toEqual({ pk: 'LOAN#1', sk: 'BID#1', investorId: 'user-7' });
});

test('an Update outside any context: changedAt set, changedBy and requestId removed', async () => {
  const body = await wire(() => documents.send(new UpdateCommand({ TableName: 't', Key: { pk: 'LOAN#1', sk: 'LOAN' }, UpdateExpression: 'ADD version :one', ExpressionAttributeValues: { ':one': 1 } })));
  expect(body.UpdateExpression).toMatch(/^ADD version :one SET #stamp_changedAt = :stamp_changedAt REMOVE #stamp_changedBy, #stamp_requestId$/);
  expect(body.ExpressionAttributeNames).toEqual({ '#stamp_changedAt': 'changedAt', '#stamp_changedBy': 'changedBy', '#stamp_requestId': 'requestId' });
  expect(body.ExpressionAttributeValues).toEqual({ ':one': { N: '1' }, ':stamp_changedAt': { S: twinTime.toISOString() } });
});

test('a workflow task writes as workflow:{task}, for the execution its input names', async () => {
  const task = workflowTask('apply-loan-event', (event) => wire(() => documents.send(new PutCommand({ TableName: 't', Item: { pk: 'LOAN#2', sk: 'LOAN', loanId: String((event as { loanId: string }).loanId) } }))));
  const named = await task({ loanId: 'loan-2', executionName: 'loan-2' });
  expect(named.Item).toMatchObject({ changedBy: { S: 'workflow:apply-loan-event' }, requestId: { S: 'loan-2' } });
  const unnamed = await task({ loanId: 'loan-2' });
  expect(unnamed.Item.changedBy).toEqual({ S: 'workflow:apply-loan-event' });
  expect(unnamed.Item.requestId).toBeUndefined();
});
