/** The one completeTask: success or failure sent once; a wait that is no longer there is 'gone', whatever the engine calls it. */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { completeTask } from '../../../functions/adapters/stepfunctions/task-tokens';
import { stepFunctions } from '../../../functions/adapters/stepfunctions/workflow-engine';

const engine = mockClient(stepFunctions);
const named = (name: string) => Object.assign(new Error(name), { name });

beforeEach(() => engine.reset());

test('success sends the output as JSON; failure sends the error and its cause', async () => {
  engine.on(SendTaskSuccessCommand).resolves({});
  engine.on(SendTaskFailureCommand).resolves({});
  expect(await completeTask('t-1', { output: { filledBy: 'bid-1' } })).toBe('completed');
  expect(await completeTask('t-2', { error: 'DisbursementFailed', cause: 'PAYMENT_DECLINED' })).toBe('completed');
  expect(engine.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({ taskToken: 't-1', output: '{"filledBy":"bid-1"}' });
  expect(engine.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({ taskToken: 't-2', error: 'DisbursementFailed', cause: 'PAYMENT_DECLINED' });
});

test.each(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'])('%s means the wait is gone', async (name) => {
  engine.on(SendTaskSuccessCommand).rejects(named(name));
  engine.on(SendTaskFailureCommand).rejects(named(name));
  expect(await completeTask('t-1', { output: {} })).toBe('gone');
  expect(await completeTask('t-1', { error: 'E', cause: 'c' })).toBe('gone');
});

test('any other error is thrown, so the caller retries', async () => {
  engine.on(SendTaskSuccessCommand).rejects(named('ThrottlingException'));
  await expect(completeTask('t-1', { output: {} })).rejects.toThrow('ThrottlingException');
});
