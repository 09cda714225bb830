/**
 * Prepares an ASL file for the twin: fills the definitionSubstitutions with local
 * function ARNs (the same placeholders CDK fills with real ARNs), and rewrites what
 * must follow the twin's clock rather than wall time. Every Task and Wait state
 * becomes a Task the twin runs itself:
 * - lambda:invoke and direct Lambda ARNs run the handler in process;
 * - lambda:invoke.waitForTaskToken runs the handler, then waits for
 *   SendTaskSuccess/SendTaskFailure, TimeoutSeconds(Path) and HeartbeatSeconds(Path)
 *   on the twin's clock;
 * - Wait (Seconds, Timestamp, SecondsPath, TimestampPath) waits on the twin's clock.
 * Paths are evaluated by the ASL interpreter itself: the rewrite moves them into
 * Parameters under reserved `twin:` keys, so their semantics stay the interpreter's.
 * State names must be unique across the whole machine (they key the task handlers).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import type { WorkflowDefinition } from '../../../functions/manifest/workflows';
import { localFunctionArn } from '../functions';

export const taskTokenPlaceholder = '__TWIN_TASK_TOKEN__';
/** aws-local-stepfunctions times tasks out on wall time; the twin does it on its clock. */
const wallTimeLimitSeconds = 2_147_483;

export type TwinTask =
  | { readonly kind: 'invoke'; readonly functionArn?: string; readonly wrapResult: boolean }
  | { readonly kind: 'wait-for-token'; readonly timeoutSeconds?: number; readonly heartbeatSeconds?: number }
  | { readonly kind: 'wait'; readonly seconds?: number; readonly timestamp?: string };

export interface PreparedWorkflow {
  readonly name: string;
  /** The definition as the interpreter runs it. */
  readonly definition: AslDefinition;
  readonly tasks: ReadonlyMap<string, TwinTask>;
  /** Local function ARN → handler file. */
  readonly functions: ReadonlyMap<string, string>;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [field: string]: unknown;
}
type AslState = Record<string, unknown> & { Type: string };

export async function prepareWorkflow(projectRoot: string, workflow: WorkflowDefinition): Promise<PreparedWorkflow> {
  const functions = new Map<string, string>();
  const text = (await readFile(resolve(projectRoot, workflow.definitionFile), 'utf8')).replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const handler = workflow.tasks[name];
    if (!handler) throw new Error(`${workflow.definitionFile}: no substitution for \${${name}} in the workflow manifest`);
    const arn = localFunctionArn(handler);
    functions.set(arn, handler);
    return arn;
  });
  const definition = JSON.parse(text) as AslDefinition;
  const tasks = new Map<string, TwinTask>();
  rewriteStates(definition.States, tasks);
  await validatedOnce(projectRoot, definition);
  return { name: workflow.name, definition, tasks, functions };
}

function rewriteStates(states: Record<string, AslState>, tasks: Map<string, TwinTask>): void {
  for (const [name, state] of Object.entries(states)) {
    if (tasks.has(name)) throw new Error(`state name ${name} is used twice; the twin needs unique state names`);
    if (state.Type === 'Task') states[name] = rewriteTask(name, state, tasks);
    else if (state.Type === 'Wait') states[name] = rewriteWait(name, state, tasks);
    else if (state.Type === 'Parallel') for (const branch of state.Branches as AslDefinition[]) rewriteStates(branch.States, tasks);
    else if (state.Type === 'Map') rewriteStates(((state.ItemProcessor ?? state.Iterator) as AslDefinition).States, tasks);
  }
}

function rewriteTask(name: string, state: AslState, tasks: Map<string, TwinTask>): AslState {
  const { Resource, TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, ...rest } = state;
  const resource = String(Resource);
  const rewritten: AslState = { ...rest, Resource: `arn:aws:states:::twin:${name}`, TimeoutSeconds: wallTimeLimitSeconds };
  if (resource === 'arn:aws:states:::lambda:invoke') {
    tasks.set(name, { kind: 'invoke', wrapResult: true });
  } else if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    const parameters = { ...(state.Parameters as Record<string, unknown>) };
    if (typeof TimeoutSecondsPath === 'string') parameters['twin:timeoutSeconds.$'] = TimeoutSecondsPath;
    if (typeof HeartbeatSecondsPath === 'string') parameters['twin:heartbeatSeconds.$'] = HeartbeatSecondsPath;
    rewritten.Parameters = parameters;
    tasks.set(name, {
      kind: 'wait-for-token',
      ...(typeof TimeoutSeconds === 'number' ? { timeoutSeconds: TimeoutSeconds } : {}),
      ...(typeof HeartbeatSeconds === 'number' ? { heartbeatSeconds: HeartbeatSeconds } : {}),
    });
  } else if (resource.startsWith('arn:aws:lambda:')) {
    tasks.set(name, { kind: 'invoke', functionArn: resource, wrapResult: false });
  } else {
    throw new Error(`state ${name}: the twin does not run resource ${resource}`);
  }
  return rewritten;
}

function rewriteWait(name: string, state: AslState, tasks: Map<string, TwinTask>): AslState {
  const { Type: _type, Seconds, Timestamp, SecondsPath, TimestampPath, ...rest } = state;
  const parameters: Record<string, unknown> = { 'twin:input.$': '$' };
  if (typeof SecondsPath === 'string') parameters['twin:seconds.$'] = SecondsPath;
  if (typeof TimestampPath === 'string') parameters['twin:timestamp.$'] = TimestampPath;
  tasks.set(name, {
    kind: 'wait',
    ...(typeof Seconds === 'number' ? { seconds: Seconds } : {}),
    ...(typeof Timestamp === 'string' ? { timestamp: Timestamp } : {}),
  });
  return { ...rest, Type: 'Task', Resource: `arn:aws:states:::twin:${name}`, Parameters: parameters, TimeoutSeconds: wallTimeLimitSeconds };
}

/**
 * Throws with the validator's findings if the rewritten definition is not valid ASL. A definition
 * found valid is remembered under node_modules/.cache/ by its hash and the interpreter's version:
 * the validator takes a second or more of CPU per workflow, and every twin start (each integration
 * test file's) prepares the same files.
 */
async function validatedOnce(projectRoot: string, definition: AslDefinition): Promise<void> {
  const interpreter = JSON.parse(await readFile(join(projectRoot, 'node_modules', 'aws-local-stepfunctions', 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256').update(interpreter.version).update(JSON.stringify(definition)).digest('hex').slice(0, 32);
  const marker = join(projectRoot, 'node_modules', '.cache', 'twin-asl-valid', hash);
  if (await stat(marker).then(() => true, () => false)) return;
  new StateMachine(definition as never, { validationOptions: { checkArn: false, checkPaths: false } });
  await mkdir(join(marker, '..'), { recursive: true });
  await writeFile(marker, '');
}
