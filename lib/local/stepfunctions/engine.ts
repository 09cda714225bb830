/**
 * The twin's Step Functions service: runs the platform's ASL files with
 * aws-local-stepfunctions, on the twin's clock, with task tokens, and persists each
 * execution's current top-level state and input so that a restarted twin redrives
 * every running execution from where it was (every task is idempotent).
 */
import { createHash, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { AwsServiceError } from '../aws-json-service';
import type { WorkflowDefinition } from '../../../functions/manifest/workflows';
import type { TwinClock } from '../clock';
import type { LocalFunctions } from '../functions';
import { silentTwinLog, type TwinLog } from '../twin-log';
import { prepareWorkflow, taskTokenPlaceholder, type PreparedWorkflow, type TwinTask } from './definition';
import type { ExecutionRecord, ExecutionStore, TokenRecord } from './execution-store';

/** An error in the Step Functions API's own terms (its __type). */
export class StepFunctionsError extends AwsServiceError {}

interface RunningExecution {
  readonly record: ExecutionRecord;
  readonly aborter: AbortController;
  busy: boolean;
  /** The state a redrive starts in: its first token task reuses the recorded visit. */
  resumingState: string | undefined;
  readonly waiters: Map<string, { succeed(output: unknown): void; fail(error: Error): void; heartbeat(): void }>;
  done?: Promise<void>;
}

export interface EngineOptions {
  readonly projectRoot: string;
  readonly region: string;
  readonly clock: TwinClock;
  readonly functions: LocalFunctions;
  readonly store: ExecutionStore;
  /** One line per execution started or ended and per top-level state entered. */
  readonly log?: TwinLog;
}

const account = '000000000000';
const namePattern = /^[A-Za-z0-9_-]{1,80}$/;

export class LocalStepFunctions {
  private readonly machines = new Map<string, PreparedWorkflow>();
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly tokenOwners = new Map<string, string>();
  private readonly running = new Map<string, RunningExecution>();
  private busyCount = 0;
  private idleWaiters: Array<() => void> = [];

  private readonly log: TwinLog;

  constructor(private readonly options: EngineOptions) {
    this.log = options.log ?? silentTwinLog;
  }

  stateMachineArn(workflow: string): string {
    return `arn:aws:states:${this.options.region}:${account}:stateMachine:${workflow}`;
  }

  /** Loads the workflows, then redrives every execution that was running. */
  async start(workflows: readonly WorkflowDefinition[]): Promise<void> {
    for (const workflow of workflows) {
      this.machines.set(this.stateMachineArn(workflow.name), await prepareWorkflow(this.options.projectRoot, workflow));
    }
    for (const record of await this.options.store.load()) {
      this.records.set(record.executionArn, record);
      for (const token of Object.keys(record.tokens)) this.tokenOwners.set(token, record.executionArn);
    }
    for (const record of this.records.values()) if (record.status === 'RUNNING') this.run(record, true);
  }

  /** Stops running executions without changing their records: a restart redrives them. */
  async stop(): Promise<void> {
    const runs = [...this.running.values()];
    for (const execution of runs) execution.aborter.abort(new StepFunctionsError('TwinStopped', 'the twin is stopping'));
    await Promise.allSettled(runs.map((execution) => execution.done));
  }

  /** Every execution is waiting (on the clock or a token) or finished. */
  get quiet(): boolean {
    return this.busyCount === 0;
  }

  /** Resolves when every execution is waiting (on the clock or a token) or finished. */
  idle(): Promise<void> {
    if (this.busyCount === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const cap = setTimeout(resolve, 30_000);
      this.idleWaiters.push(() => {
        clearTimeout(cap);
        resolve();
      });
    });
  }

  listStateMachines() {
    return [...this.machines.values()].map((machine) => ({
      stateMachineArn: this.stateMachineArn(machine.name),
      name: machine.name,
      type: 'STANDARD',
    }));
  }

  describeStateMachine(stateMachineArn: string) {
    const machine = this.machine(stateMachineArn);
    return { stateMachineArn, name: machine.name, status: 'ACTIVE', type: 'STANDARD', definition: JSON.stringify(machine.definition) };
  }

  startExecution(request: { stateMachineArn: string; name?: string; input?: string }) {
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!namePattern.test(name)) throw new StepFunctionsError('InvalidName', `invalid execution name ${name}`);
    const input = request.input ?? '{}';
    try {
      JSON.parse(input);
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'the execution input is not JSON');
    }
    const executionArn = `arn:aws:states:${this.options.region}:${account}:execution:${machine.name}:${name}`;
    const existing = this.records.get(executionArn);
    if (existing) {
      // As on AWS: the same name and input while running is the same start; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: existing.startDate };
      throw new StepFunctionsError('ExecutionAlreadyExists', `execution ${name} already exists`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: request.stateMachineArn,
      workflow: machine.name,
      name,
      input,
      startDate: this.options.clock.now().toISOString(),
      status: 'RUNNING',
      visits: {},
      tokens: {},
    };
    this.records.set(executionArn, record);
    this.run(record, false);
    return { executionArn, startDate: record.startDate };
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.records.get(executionArn);
    if (!record) throw new StepFunctionsError('ExecutionDoesNotExist', `no execution ${executionArn}`);
    return record;
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<{ stopDate: string }> {
    const record = this.describeExecution(executionArn);
    const execution = this.running.get(executionArn);
    if (record.status === 'RUNNING') {
      Object.assign(record, { status: 'ABORTED', stopDate: this.options.clock.now().toISOString(), error, cause });
      await this.options.store.save(record);
      this.log('workflow.ended', { workflow: record.workflow, execution: record.name, status: 'ABORTED' });
      execution?.aborter.abort(new StepFunctionsError('ExecutionAborted', 'stopped'));
      await execution?.done;
    }
    return { stopDate: record.stopDate ?? this.options.clock.now().toISOString() };
  }

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'the task output is not JSON');
    }
    const { entry, record } = this.waitingTask(token);
    Object.assign(entry, { status: 'SUCCEEDED', output });
    await this.options.store.save(record);
    this.running.get(record.executionArn)?.waiters.get(token)?.succeed(parsed);
  }

  async sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    const { entry, record } = this.waitingTask(token);
    Object.assign(entry, { status: 'FAILED', error: error ?? 'States.TaskFailed', cause: cause ?? '' });
    await this.options.store.save(record);
    this.running.get(record.executionArn)?.waiters.get(token)?.fail(taskError(entry.error ?? '', entry.cause ?? ''));
  }

  sendTaskHeartbeat(token: string): void {
    const { record } = this.waitingTask(token);
    this.running.get(record.executionArn)?.waiters.get(token)?.heartbeat();
  }

  private waitingTask(token: string): { entry: TokenRecord; record: ExecutionRecord } {
    const owner = this.tokenOwners.get(token);
    const record = owner ? this.records.get(owner) : undefined;
    const entry = record?.tokens[token];
    if (!record || !entry) throw new StepFunctionsError('TaskDoesNotExist', 'no task has this token');
    if (entry.status !== 'WAITING' || record.status !== 'RUNNING') throw new StepFunctionsError('TaskTimedOut', 'the task is no longer waiting');
    return { entry, record };
  }

  private machine(stateMachineArn: string): PreparedWorkflow {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new StepFunctionsError('StateMachineDoesNotExist', `no state machine ${stateMachineArn}`);
    return machine;
  }

  private setBusy(execution: RunningExecution, busy: boolean): void {
    if (execution.busy === busy) return;
    execution.busy = busy;
    this.busyCount += busy ? 1 : -1;
    if (this.busyCount === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private run(record: ExecutionRecord, redrive: boolean): void {
    const machine = this.machine(record.stateMachineArn);
    const execution: RunningExecution = {
      record,
      aborter: new AbortController(),
      busy: false,
      resumingState: redrive ? record.currentState : undefined,
      waiters: new Map(),
    };
    this.running.set(record.executionArn, execution);
    this.setBusy(execution, true);
    const named = { workflow: record.workflow, execution: record.name };
    this.log(redrive ? 'workflow.redriven' : 'workflow.started', named);
    const startAt = redrive && record.currentState ? record.currentState : machine.definition.StartAt;
    const input = redrive && record.currentState ? record.currentInput : JSON.parse(record.input);
    // Validated once when prepared; a redrive starts mid-machine, which validation would call unreachable states.
    const stateMachine = new StateMachine({ ...machine.definition, StartAt: startAt } as never, { validationOptions: { noValidate: true } });
    const handlers = Object.fromEntries(
      [...machine.tasks].map(([state, task]) => [state, (taskInput: unknown) => this.runTask(execution, machine, state, task, taskInput)]),
    );
    const run = stateMachine.run(input, {
      overrides: { taskResourceLocalHandlers: handlers as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: record.name },
        StateMachine: { Id: record.stateMachineArn, Name: machine.name },
        Task: { Token: taskTokenPlaceholder },
      },
    });
    execution.aborter.signal.addEventListener('abort', () => run.abort(), { once: true });
    const topLevel = new Set(Object.keys(machine.definition.States));
    const tracking = (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered' && !('index' in event) && topLevel.has(event.state.name)) {
          record.currentState = event.state.name;
          record.currentInput = event.state.input;
          await this.options.store.save(record);
          this.log('workflow.state', { ...named, state: event.state.name });
        }
      }
    })();
    execution.done = run.result
      .then(
        async (output) => {
          await tracking;
          if (execution.aborter.signal.aborted) return;
          Object.assign(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) });
        },
        async (failure: Error) => {
          await tracking.catch(() => {});
          if (execution.aborter.signal.aborted) return;
          const cause = (failure.cause as Error | undefined) ?? failure;
          Object.assign(record, { status: 'FAILED', error: cause.name, cause: cause.message });
        },
      )
      .then(async () => {
        if (!execution.aborter.signal.aborted) {
          record.stopDate = this.options.clock.now().toISOString();
          await this.options.store.save(record);
          this.log('workflow.ended', { ...named, status: record.status, error: record.error });
        }
      })
      .finally(() => {
        this.running.delete(record.executionArn);
        this.setBusy(execution, false);
      });
  }

  private async runTask(execution: RunningExecution, machine: PreparedWorkflow, state: string, task: TwinTask, input: unknown): Promise<unknown> {
    const visit = this.visit(execution, state);
    const parameters = (input ?? {}) as Record<string, unknown>;
    if (task.kind === 'wait') return this.runWait(execution, state, visit, task, parameters);
    if (task.kind === 'wait-for-token') return this.runTokenTask(execution, machine, state, visit, task, parameters);
    const functionArn = task.functionArn ?? String(parameters.FunctionName);
    const result = await this.invoke(machine, functionArn, task.functionArn ? input : parameters.Payload);
    return task.wrapResult ? { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 } : result;
  }

  private visit(execution: RunningExecution, state: string): number {
    const { record } = execution;
    const resuming = execution.resumingState === state && record.visits[state] !== undefined;
    execution.resumingState = undefined;
    if (!resuming) record.visits[state] = (record.visits[state] ?? 0) + 1;
    return record.visits[state] ?? 1;
  }

  private async invoke(machine: PreparedWorkflow, functionArn: string, payload: unknown): Promise<unknown> {
    const handlerFile = machine.functions.get(functionArn);
    if (!handlerFile) throw taskError('Lambda.ResourceNotFoundException', `no function ${functionArn}`);
    try {
      // Through JSON both ways, as Lambda's payloads are.
      return JSON.parse(JSON.stringify((await this.options.functions.invoke(handlerFile, JSON.parse(JSON.stringify(payload ?? null)))) ?? null));
    } catch (error) {
      const failure = error as Error;
      throw taskError(failure.name || 'Error', failure.message);
    }
  }

  private async runWait(execution: RunningExecution, state: string, visit: number, task: Extract<TwinTask, { kind: 'wait' }>, parameters: Record<string, unknown>) {
    const { record } = execution;
    const key = `wait:${state}:${visit}`;
    let entry = record.tokens[key];
    if (!entry) {
      const seconds = task.seconds ?? (parameters['twin:seconds'] as number | undefined);
      const timestamp = task.timestamp ?? (parameters['twin:timestamp'] as string | undefined);
      const until = timestamp ? new Date(timestamp) : new Date(this.options.clock.now().getTime() + (seconds ?? 0) * 1000);
      if (Number.isNaN(until.getTime())) throw taskError('States.Runtime', `state ${state}: not a timestamp: ${timestamp}`);
      entry = { state, status: 'WAITING', deadline: until.toISOString() };
      record.tokens[key] = entry;
      await this.options.store.save(record);
    }
    await this.sleepUntil(execution, new Date(entry.deadline ?? 0));
    entry.status = 'SUCCEEDED';
    return parameters['twin:input'];
  }

  private sleepUntil(execution: RunningExecution, until: Date): Promise<void> {
    if (until.getTime() <= this.options.clock.now().getTime()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const cancel = this.options.clock.at(until, () => {
        this.setBusy(execution, true);
        resolve();
      });
      execution.aborter.signal.addEventListener('abort', () => {
        cancel();
        reject(execution.aborter.signal.reason);
      }, { once: true });
      this.setBusy(execution, false);
    });
  }

  private async runTokenTask(
    execution: RunningExecution,
    machine: PreparedWorkflow,
    state: string,
    visit: number,
    task: Extract<TwinTask, { kind: 'wait-for-token' }>,
    parameters: Record<string, unknown>,
  ): Promise<unknown> {
    const { record } = execution;
    const token = createHash('sha256').update(`${record.executionArn}|${state}|${visit}`).digest('base64url');
    let entry = record.tokens[token];
    if (!entry) {
      const now = this.options.clock.now().getTime();
      const timeoutSeconds = task.timeoutSeconds ?? (parameters['twin:timeoutSeconds'] as number | undefined);
      const heartbeatSeconds = task.heartbeatSeconds ?? (parameters['twin:heartbeatSeconds'] as number | undefined);
      entry = {
        state,
        status: 'WAITING',
        ...(timeoutSeconds ? { deadline: new Date(now + timeoutSeconds * 1000).toISOString() } : {}),
        ...(heartbeatSeconds ? { heartbeatDeadline: new Date(now + heartbeatSeconds * 1000).toISOString() } : {}),
      };
      record.tokens[token] = entry;
      this.tokenOwners.set(token, record.executionArn);
      await this.options.store.save(record);
    }
    if (entry.status === 'WAITING') {
      await this.invoke(machine, String(parameters.FunctionName), withToken(parameters.Payload, token));
    }
    return this.awaitToken(execution, token, entry, task.heartbeatSeconds ?? (parameters['twin:heartbeatSeconds'] as number | undefined));
  }

  private awaitToken(execution: RunningExecution, token: string, entry: TokenRecord, heartbeatSeconds: number | undefined): Promise<unknown> {
    if (entry.status === 'SUCCEEDED') return Promise.resolve(JSON.parse(entry.output ?? 'null'));
    if (entry.status === 'FAILED') return Promise.reject(taskError(entry.error ?? 'States.TaskFailed', entry.cause ?? ''));
    const { clock, store } = this.options;
    return new Promise((resolve, reject) => {
      let cancelDeadline = () => {};
      let cancelHeartbeat = () => {};
      const finish = (settle: () => void) => {
        cancelDeadline();
        cancelHeartbeat();
        execution.waiters.delete(token);
        this.setBusy(execution, true);
        settle();
      };
      const timeOut = (error: string) => async () => {
        Object.assign(entry, { status: 'FAILED', error, cause: '' });
        await store.save(execution.record);
        finish(() => reject(taskError(error, '')));
      };
      const armHeartbeat = () => {
        if (!entry.heartbeatDeadline || !heartbeatSeconds) return;
        cancelHeartbeat = clock.at(new Date(entry.heartbeatDeadline), timeOut('States.HeartbeatTimeout'));
      };
      if (entry.deadline) cancelDeadline = clock.at(new Date(entry.deadline), timeOut('States.Timeout'));
      armHeartbeat();
      execution.waiters.set(token, {
        succeed: (output) => finish(() => resolve(output)),
        fail: (error) => finish(() => reject(error)),
        heartbeat: () => {
          if (!heartbeatSeconds) return;
          entry.heartbeatDeadline = new Date(clock.now().getTime() + heartbeatSeconds * 1000).toISOString();
          cancelHeartbeat();
          armHeartbeat();
        },
      });
      execution.aborter.signal.addEventListener('abort', () => finish(() => reject(execution.aborter.signal.reason)), { once: true });
      this.setBusy(execution, false);
    });
  }
}

function withToken(payload: unknown, token: string): unknown {
  return JSON.parse(JSON.stringify(payload ?? null).replaceAll(taskTokenPlaceholder, token));
}

function taskError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
