/**
 * Where the twin keeps its executions: one JSON file each under a folder (kept across
 * restarts), or memory. A record holds what a redrive needs: the current top-level
 * state and its input, the task tokens with their outcomes and deadlines.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface TokenRecord {
  readonly state: string;
  status: 'WAITING' | 'SUCCEEDED' | 'FAILED';
  /** ISO instant on the twin's clock after which the task times out. */
  deadline?: string;
  heartbeatDeadline?: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly workflow: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: string;
  status: ExecutionStatus;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** The top-level state being run, and its raw input: where a redrive starts. */
  currentState?: string;
  currentInput?: unknown;
  /** How many times each state has run a token task (makes tokens deterministic). */
  visits: Record<string, number>;
  tokens: Record<string, TokenRecord>;
}

export interface ExecutionStore {
  load(): Promise<ExecutionRecord[]>;
  save(record: ExecutionRecord): Promise<void>;
}

export function memoryExecutionStore(): ExecutionStore {
  return { load: async () => [], save: async () => {} };
}

export function folderExecutionStore(folder: string): ExecutionStore {
  const fileOf = (arn: string) => join(folder, `${createHash('sha256').update(arn).digest('hex').slice(0, 32)}.json`);
  const queues = new Map<string, Promise<void>>();
  return {
    async load() {
      await mkdir(folder, { recursive: true });
      const names = (await readdir(folder)).filter((name) => name.endsWith('.json'));
      return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')) as ExecutionRecord));
    },
    save(record) {
      // Writes of one execution are queued so an older snapshot never lands after a newer one.
      const snapshot = JSON.stringify(record);
      const file = fileOf(record.executionArn);
      const write = (queues.get(file) ?? Promise.resolve()).then(async () => {
        await mkdir(folder, { recursive: true });
        await writeFile(`${file}.tmp`, snapshot);
        await rename(`${file}.tmp`, file);
      });
      queues.set(file, write.catch(() => {}));
      return write;
    },
  };
}
