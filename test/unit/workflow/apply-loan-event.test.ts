/** The origination workflow's task against a mocked table: replays and races change nothing twice. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { installClock } from '../../../functions/adapters/runtime/clock';
import { documents } from '../../../functions/adapters/dynamodb/client';
import { ConcurrentModificationError, InvalidTransitionError } from '../../../functions/core/errors';
import { handler } from '../../../functions/workflow/apply-loan-event';

const table = mockClient(documents);
const now = new Date('2026-11-25T08:00:00Z');
const loan = { pk: 'LOAN#loan-1', sk: 'LOAN', loanId: 'loan-1', borrowerId: 'b-1', amountFen: 100_000, termMonths: 12, createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z' };

beforeAll(() => {
  process.env.TABLE_NAME = 'platform-test';
  installClock({ now: () => now });
});
beforeEach(() => {
  table.reset();
  // No auto-bid plans, no bids.
  table.on(QueryCommand).resolves({ Items: [] });
});

test('LIST moves a loan in review to listed with its deadline, conditionally', async () => {
  table.on(GetCommand).resolves({ Item: { ...loan, status: 'IN_REVIEW' } });
  table.on(UpdateCommand).callsFake((input) => ({ Attributes: { ...loan, status: 'LISTED', ...Object.fromEntries(Object.entries(input.ExpressionAttributeNames).filter(([alias]) => alias.startsWith('#a')).map(([alias, name]) => [name, input.ExpressionAttributeValues[`:${alias.slice(1)}`]])) } }));
  const result = await handler({ loanId: 'loan-1', event: 'LIST', grade: 'B' });
  expect(result).toEqual({ status: 'LISTED', openSeconds: 7 * 86_400, filled: false });
  const update = table.commandCalls(UpdateCommand)[0]?.args[0].input;
  expect(update?.ConditionExpression).toBe('#status = :from');
  expect(update?.ExpressionAttributeValues?.[':from']).toBe('IN_REVIEW');
  expect(Object.values(update?.ExpressionAttributeValues ?? {})).toEqual(expect.arrayContaining(['2026-12-02T08:00:00.000Z', 'B', 'LISTED']));
});

test('a replayed LIST writes nothing and keeps the deadline first recorded', async () => {
  table.on(GetCommand).resolves({ Item: { ...loan, status: 'LISTED', listingDeadline: '2026-11-26T08:00:00.000Z' } });
  expect(await handler({ loanId: 'loan-1', event: 'LIST', grade: 'B' })).toEqual({ status: 'LISTED', openSeconds: 86_400, filled: false });
  expect(table.commandCalls(UpdateCommand)).toHaveLength(0);
});

test('losing a race to the same event is success; losing it to another is a conflict', async () => {
  const conditionFailed = new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });
  table.on(UpdateCommand).rejects(conditionFailed);
  table.on(GetCommand).resolvesOnce({ Item: { ...loan, status: 'LISTED' } }).resolves({ Item: { ...loan, status: 'FUNDED' } });
  expect(await handler({ loanId: 'loan-1', event: 'FILL' })).toEqual({ status: 'FUNDED' });

  table.reset();
  table.on(UpdateCommand).rejects(conditionFailed);
  table.on(GetCommand).resolvesOnce({ Item: { ...loan, status: 'LISTED' } }).resolves({ Item: { ...loan, status: 'EXPIRED' } });
  await expect(handler({ loanId: 'loan-1', event: 'FILL' })).rejects.toBeInstanceOf(ConcurrentModificationError);
});

test('an event the status does not allow, or malformed input, fails the task', async () => {
  table.on(GetCommand).resolves({ Item: { ...loan, status: 'EXPIRED' } });
  await expect(handler({ loanId: 'loan-1', event: 'FILL' })).rejects.toBeInstanceOf(InvalidTransitionError);
  await expect(handler({ loanId: 'loan-1', event: 'APPROVE_EVERYTHING' })).rejects.toThrow();
  expect(table.commandCalls(UpdateCommand)).toHaveLength(0);
});
