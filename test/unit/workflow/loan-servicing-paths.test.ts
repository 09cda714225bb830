/**
 * statemachines/loan-servicing.asl.json, the very file CDK deploys, run in process by the
 * twin's engine on its clock, with a fixture standing in for every task function: a loan
 * paid on every due date ends settled; a 60-installment loan continues in new executions
 * before each one's year, every execution far below Step Functions' 25,000 history
 * events; an unpaid loan parks after its last due date (waking monthly, never polling)
 * and ends when the repayment that settles it completes the parked wait.
 */
import { TwinClock } from '../../../lib/local/clock';
import { LocalFunctions } from '../../../lib/local/functions';
import { LocalStepFunctions } from '../../../lib/local/stepfunctions/engine';
import { workflowByName, type WorkflowDefinition } from '../../../functions/manifest/workflows';
import { installmentDueDate } from '../../../functions/core/repayment-schedule';
import { fixture } from '../../fixtures/servicing-steps';
import { projectRoot } from '../../support/twin-process';

const real = workflowByName('loan-servicing');
const fake: WorkflowDefinition = {
  ...real,
  tasks: Object.fromEntries(Object.keys(real.tasks).map((placeholder) => [placeholder, 'test/fixtures/servicing-steps.ts'])),
};

/**
 * Standard history events per loop (PlanNext → RouteNext → WaitForDueDate → CollectDue →
 * MarkAttempted): a Lambda task state is about 6 events (entered, scheduled, started,
 * submitted/succeeded, exited), a token task one or two more, a Wait 3, a Choice or Pass 2.
 * 25 per loop is a generous upper bound.
 */
const eventsPerLoop = 25;
const dayMs = 86_400_000;

let clock: TwinClock;
let engine: LocalStepFunctions;
beforeEach(async () => {
  const state = fixture();
  state.calls.length = 0;
  state.loans = {};
  state.parked = {};
  clock = await TwinClock.open();
  engine = new LocalStepFunctions({ projectRoot, region: 'local', clock, functions: new LocalFunctions(projectRoot), store: { load: async () => [], save: async () => undefined } });
  clock.settle = () => engine.idle();
  state.now = () => clock.now();
  state.startExecution = (name, input) => void engine.startExecution({ stateMachineArn: engine.stateMachineArn('loan-servicing'), name, input });
  state.sendTaskSuccess = (token, output) => engine.sendTaskSuccess(token, output);
  await engine.start([fake]);
});
afterEach(async () => {
  await engine.stop();
  clock.stop();
});

function loan(loanId: string, months: number, pays: boolean): string[] {
  const start = clock.now().toISOString().slice(0, 10);
  const dueDates = Array.from({ length: months }, (_, index) => installmentDueDate(start, index + 1));
  fixture().loans[loanId] = { installments: dueDates.map((dueDate) => ({ dueDate, status: 'DUE' })), pays };
  return dueDates;
}

function start(loanId: string): string {
  const input = JSON.stringify({ loanId, generation: 1, attemptedThrough: '', startedAt: clock.now().toISOString() });
  return engine.startExecution({ stateMachineArn: engine.stateMachineArn('loan-servicing'), name: loanId, input }).executionArn;
}

const arn = (name: string) => `arn:aws:states:local:000000000000:execution:loan-servicing:${name}`;
const calls = (loanId: string, task?: string) => fixture().calls.filter((call) => call.loanId === loanId && (task === undefined || call.task === task));

test('paid on every due date: one collection per due date, in order, then the execution ends', async () => {
  const dueDates = loan('paid-6', 6, true);
  const execution = start('paid-6');
  await engine.idle();
  expect(calls('paid-6').map((call) => call.detail)).toEqual(['WAIT']);
  await clock.advance(200 * dayMs);
  await engine.idle();
  expect(calls('paid-6', 'collect').map((call) => call.detail)).toEqual(dueDates);
  expect(fixture().loans['paid-6']!.installments.every((item) => item.status === 'SETTLED')).toBe(true);
  expect(engine.describeExecution(execution).status).toBe('SUCCEEDED');
  expect(calls('paid-6', 'plan').at(-1)?.detail).toBe('END');
});

test('a 60-installment loan continues in new executions before each year, each far below 25,000 history events, and settles', async () => {
  const dueDates = loan('paid-60', 60, true);
  start('paid-60');
  await engine.idle();
  // Five years in one advance: the clock walks from timer to timer.
  await clock.advance(61 * 31 * dayMs);
  await engine.idle();
  expect(calls('paid-60', 'collect').map((call) => call.detail)).toEqual(dueDates);
  const generations = [...new Set(calls('paid-60', 'plan').map((call) => call.execution))];
  expect(generations.length).toBeGreaterThanOrEqual(5);
  expect(generations[0]).toBe('paid-60');
  expect(generations[1]).toBe('paid-60-s2');
  for (const name of generations) {
    const record = engine.describeExecution(arn(name));
    expect(record.status).toBe('SUCCEEDED');
    // Every execution but the last ends by continuing; none runs past its year.
    expect(Date.parse(record.stopDate ?? '') - Date.parse(record.startDate)).toBeLessThan(365 * dayMs);
    const loops = calls('paid-60', 'plan').filter((call) => call.execution === name).length;
    expect(loops).toBeLessThanOrEqual(13);
    expect(loops * eventsPerLoop + 10).toBeLessThan(1_000); // far below 25,000
  }
  expect(calls('paid-60', 'continue').map((call) => call.detail)).toEqual(generations.slice(1).map((_, index) => String(index + 2)));
});

test('never paid: each due date attempted once, then parked (waking every 30 days, not polling) until the settling repayment completes the wait', async () => {
  const dueDates = loan('unpaid-3', 3, false);
  const execution = start('unpaid-3');
  await engine.idle();
  await clock.advance(95 * dayMs + 120 * dayMs);
  await engine.idle();
  expect(calls('unpaid-3', 'collect').map((call) => call.detail)).toEqual(dueDates);
  // About 120 days parked: a handful of wake-ups, each a plan and a park again.
  const parks = calls('unpaid-3', 'park').length;
  expect(parks).toBeGreaterThanOrEqual(4);
  expect(parks).toBeLessThanOrEqual(6);
  expect(engine.describeExecution(execution).status).toBe('RUNNING');
  // A late repayment settles every installment and completes the parked wait.
  for (const installment of fixture().loans['unpaid-3']!.installments) installment.status = 'SETTLED';
  await engine.sendTaskSuccess(fixture().parked['unpaid-3']!, JSON.stringify({ settled: true }));
  await engine.idle();
  expect(engine.describeExecution(execution).status).toBe('SUCCEEDED');
  expect(calls('unpaid-3', 'plan').at(-1)?.detail).toBe('END');
});
