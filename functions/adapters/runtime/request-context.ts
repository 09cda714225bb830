/**
 * Who is doing the work in progress, and on behalf of which request: an
 * AsyncLocalStorage that the entry points open and the table writes read (the
 * document client's stamping middleware in ./dynamodb.ts adds `changedBy`,
 * `requestId` and `changedAt` to every item written while a context is active).
 *   - HTTP routes (functions/http/route-handler.ts): the caller's user id, `public` on a
 *     public route, `custodian-bank` on the bank's callback; API Gateway's request id.
 *   - Scheduled jobs (functions/adapters/runtime/scheduled-job.ts): `schedule:{name}`, the run id
 *     `{name}@{scheduledTime}` (the same for every delivery of that occurrence).
 *   - Workflow tasks (workflowTask below): `workflow:{task}`, the execution's name when the
 *     task's input carries one.
 * Stream consumers open none: their own items are derived and not audited.
 * Only ids live here, never personal data.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  /** A user id, or `public`, `custodian-bank`, `schedule:{name}`, `workflow:{task}`. */
  readonly actor: string;
  readonly requestId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the work in progress, if an entry point opened one. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` (and everything it starts) in this context. */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The anonymous caller of a public route: an item may say better who it belongs to. */
export const anonymousActor = 'public';

const executionFields = ['executionName', 'execution', 'executionId', 'executionArn'] as const;

/** The execution a workflow task's input names, if any (`$$.Execution.Name` passed as one of executionFields). */
export function executionOf(input: unknown): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  for (const field of executionFields) {
    const value = (input as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') return value.length <= 200 ? value : value.slice(-200);
  }
  return undefined;
}

/** Wraps a Step Functions task handler: it runs as `workflow:{name}`, for the execution its input names. */
export function workflowTask<R>(name: string, task: (event: unknown) => Promise<R>): (event: unknown) => Promise<R> {
  return (event: unknown) => {
    const requestId = executionOf(event);
    return withRequestContext({ actor: `workflow:${name}`, ...(requestId ? { requestId } : {}) }, () => task(event));
  };
}
