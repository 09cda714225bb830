/**
 * Every handler file the platform runs, gathered from the manifests (routes,
 * workflow tasks, schedules, stream consumers), each once, with what it may touch. A file used in
 * several places (a workflow task behind two placeholders) is one entry, one function.
 */
import type { ResourceAccess } from '../functions/api/routes';
import { routes } from '../functions/api/routes';
import { schedules } from '../functions/manifest/schedules';
import { streamConsumers } from '../functions/manifest/streams';
import { workflows } from '../functions/manifest/workflows';

export type HandlerKind = 'route' | 'workflow-task' | 'schedule' | 'stream-consumer';

export interface HandlerEntry {
  readonly handlerFile: string;
  readonly kinds: readonly HandlerKind[];
  /** What the handler does, for the function's description. */
  readonly uses: readonly string[];
  readonly access: ReadonlySet<ResourceAccess>;
}

/**
 * Every workflow task and every scheduled job reads and writes the table (tasks apply
 * loan events; jobs claim and record their run there); a schedule names anything
 * else it touches in its manifest entry (`resources`).
 */
const workflowTaskAccess: readonly ResourceAccess[] = ['table:read', 'table:write'];
const scheduledJobAccess: readonly ResourceAccess[] = ['table:read', 'table:write'];
/** A stream consumer maintains items in the table from the changes it reads. */
const streamConsumerAccess: readonly ResourceAccess[] = ['table:read', 'table:write'];

export function handlerCatalog(): HandlerEntry[] {
  const entries = new Map<string, { kinds: Set<HandlerKind>; uses: string[]; access: Set<ResourceAccess> }>();
  const add = (handlerFile: string, kind: HandlerKind, use: string, access: readonly ResourceAccess[]) => {
    let entry = entries.get(handlerFile);
    if (!entry) {
      entry = { kinds: new Set(), uses: [], access: new Set() };
      entries.set(handlerFile, entry);
    }
    entry.kinds.add(kind);
    if (!entry.uses.includes(use)) entry.uses.push(use);
    for (const grant of access) entry.access.add(grant);
  };

  for (const route of routes) add(route.handler, 'route', `${route.method} ${route.path} (${route.id})`, route.resources);
  for (const workflow of workflows) {
    for (const handlerFile of Object.values(workflow.tasks)) {
      add(handlerFile, 'workflow-task', `${workflow.name} workflow task`, [...workflowTaskAccess, ...(workflow.taskResources?.[handlerFile] ?? [])]);
    }
  }
  for (const schedule of schedules) add(schedule.handler, 'schedule', `${schedule.name} schedule`, [...scheduledJobAccess, ...(schedule.resources ?? [])]);
  for (const consumer of streamConsumers) add(consumer.handler, 'stream-consumer', `${consumer.name} stream consumer`, [...streamConsumerAccess, ...(consumer.resources ?? [])]);

  return [...entries].map(([handlerFile, entry]) => ({
    handlerFile,
    kinds: [...entry.kinds],
    uses: entry.uses,
    access: entry.access,
  }));
}

/** functions/workflow/apply-loan-event.ts → WorkflowApplyLoanEvent: a stable construct id per file. */
export function handlerConstructId(handlerFile: string): string {
  return pascalCase(handlerFile.replace(/^functions\//, '').replace(/\.ts$/, ''));
}

/** loan-origination → LoanOrigination; workflow/apply-loan-event → WorkflowApplyLoanEvent */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
