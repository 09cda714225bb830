/**
 * The twin's Step Functions engine on a fixture machine: Wait and task timeouts
 * follow the twin's clock, tokens complete tasks once, heartbeats keep them alive,
 * task errors reach Catch, and a new engine over the same store redrives.
 */
import { TwinClock } from '../../../lib/local/clock';
import { LocalFunctions } from '../../../lib/local/functions';
import { LocalStepFunctions, StepFunctionsError } from '../../../lib/local/stepfunctions/engine';
import type { ExecutionRecord, ExecutionStore } from '../../../lib/local/stepfunctions/execution-store';
import type { WorkflowDefinition } from '../../../functions/manifest/workflows';
import type { SignalCall } from '../../fixtures/signal-step';
import { projectRoot } from '../../support/twin-process';

const fixture: WorkflowDefinition = {
  name: 'signal',
  description: 'engine test fixture',
  definitionFile: 'test/fixtures/signal.asl.json',
  tasks: { SignalFunctionArn: 'test/fixtures/signal-step.ts' },
};
const calls = (): SignalCall[] => ((globalThis as { signalCalls?: SignalCall[] }).signalCalls ??= []);

/** A store that keeps copies, as files would. */
function mapStore(): ExecutionStore & { records: Map<string, string> } {
  const records = new Map<string, string>();
  return {
    records,
    load: async () => [...records.values()].map((text) => JSON.parse(text) as ExecutionRecord),
    save: async (record) => void records.set(record.executionArn, JSON.stringify(record)),
  };
}

async function engineWith(store: ExecutionStore, clock: TwinClock) {
  const engine = new LocalStepFunctions({ projectRoot, region: 'local', clock, functions: new LocalFunctions(projectRoot), store });
  clock.settle = () => engine.idle();
  await engine.start([fixture]);
  return engine;
}

let clock: TwinClock;
let engine: LocalStepFunctions;
let store: ReturnType<typeof mapStore>;
beforeEach(async () => {
  calls().length = 0;
  clock = await TwinClock.open();
  store = mapStore();
  engine = await engineWith(store, clock);
});
afterEach(async () => {
  await engine.stop();
  clock.stop();
});

const start = (name: string, input: object) =>
  engine.startExecution({ stateMachineArn: engine.stateMachineArn('signal'), name, input: JSON.stringify(input) }).executionArn;
const tokenOf = () => calls().find((call) => call.step === 'await')?.token;

test('a Wait state waits for the twin clock, not the wall clock', async () => {
  const arn = start('wait', { pauseSeconds: 86_400, firstStep: 'first' });
  await engine.idle();
  expect(calls()).toEqual([]);
  await clock.advance(86_399_000);
  expect(calls()).toEqual([]);
  await clock.advance(1000);
  expect(calls().map((call) => call.step)).toEqual(['first', 'await']);
  expect(engine.describeExecution(arn).status).toBe('RUNNING');
});

test('a token completes its task once; a second or unknown token is refused', async () => {
  const arn = start('token', { pauseSeconds: 0, firstStep: 'first' });
  await engine.idle();
  const token = tokenOf();
  expect(token).toBeDefined();
  await engine.sendTaskSuccess(token ?? '', JSON.stringify({ ok: true }));
  await engine.idle();
  const record = engine.describeExecution(arn);
  expect(record.status).toBe('SUCCEEDED');
  expect(JSON.parse(record.output ?? '{}').signal).toEqual({ ok: true });
  await expect(engine.sendTaskSuccess(token ?? '', '{}')).rejects.toMatchObject({ type: 'TaskTimedOut' });
  await expect(engine.sendTaskSuccess('forged', '{}')).rejects.toBeInstanceOf(StepFunctionsError);
  await expect(engine.sendTaskSuccess(token ?? '', 'not json')).rejects.toMatchObject({ type: 'InvalidOutput' });
});

test('heartbeats keep a task alive; without them it times out into its Catch', async () => {
  const arn = start('heartbeat', { pauseSeconds: 0, firstStep: 'first' });
  await engine.idle();
  const token = tokenOf() ?? '';
  await clock.advance(50_000);
  engine.sendTaskHeartbeat(token);
  await clock.advance(50_000);
  expect(engine.describeExecution(arn).status).toBe('RUNNING');
  await clock.advance(11_000);
  const record = engine.describeExecution(arn);
  expect(record.status).toBe('SUCCEEDED');
  expect(JSON.parse(record.output ?? '{}').failure.Error).toBe('States.HeartbeatTimeout');
});

test("a task's error reaches its Catch by name, and a Fail state fails the execution", async () => {
  const arn = start('explode', { pauseSeconds: 0, firstStep: 'explode' });
  await engine.idle();
  const record = engine.describeExecution(arn);
  expect(record).toMatchObject({ status: 'FAILED', error: 'Exploded', cause: 'the first step failed' });
});

test('a new engine over the same store redrives a waiting execution with the same token', async () => {
  const arn = start('redrive', { pauseSeconds: 0, firstStep: 'first' });
  await engine.idle();
  const token = tokenOf() ?? '';
  await engine.stop();
  expect(JSON.parse(store.records.get(arn) ?? '{}')).toMatchObject({ status: 'RUNNING', currentState: 'AwaitSignal' });

  calls().length = 0;
  engine = await engineWith(store, clock);
  await engine.idle();
  // The redriven task ran again (tasks are idempotent) and waits on the same token.
  expect(tokenOf()).toBe(token);
  await engine.sendTaskSuccess(token, JSON.stringify({ after: 'restart' }));
  await engine.idle();
  expect(engine.describeExecution(arn).status).toBe('SUCCEEDED');
  // The first step before the restart is not repeated.
  expect(calls().map((call) => call.step)).toEqual(['await']);
});

test('start requests are checked like the service checks them', () => {
  const stateMachineArn = engine.stateMachineArn('signal');
  expect(() => engine.startExecution({ stateMachineArn: `${stateMachineArn}-nope` })).toThrow(expect.objectContaining({ type: 'StateMachineDoesNotExist' }));
  expect(() => engine.startExecution({ stateMachineArn, name: 'bad name!' })).toThrow(expect.objectContaining({ type: 'InvalidName' }));
  expect(() => engine.startExecution({ stateMachineArn, input: '{' })).toThrow(expect.objectContaining({ type: 'InvalidExecutionInput' }));
});
