/**
 * The twin's Lambda service: runs a handler file (the same one CDK bundles) in this
 * process. Each file is imported once, like a warm Lambda container, after the twin
 * has set the environment its clients read at module scope.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export class LocalFunctions {
  private readonly modules = new Map<string, Promise<Handler>>();
  /** Called after each invocation, returned or thrown (the twin nudges the table stream's poller: a handler may have written). */
  afterInvoke: () => void = () => {};

  /** moduleOf: the module that runs a handler file (functions/http/get-health.ts): by default its TypeScript under projectRoot. */
  constructor(
    projectRoot: string,
    private readonly moduleOf: (handlerFile: string) => string = (handlerFile) => resolve(projectRoot, handlerFile),
  ) {}

  async invoke(handlerFile: string, event: unknown): Promise<unknown> {
    const handler = await this.load(handlerFile);
    try {
      return await handler(event, lambdaContext(handlerFile));
    } finally {
      this.afterInvoke();
    }
  }

  private load(handlerFile: string): Promise<Handler> {
    let module = this.modules.get(handlerFile);
    if (!module) {
      module = import(pathToFileURL(this.moduleOf(handlerFile)).href).then((loaded: { handler?: Handler }) => {
        if (typeof loaded.handler !== 'function') throw new Error(`${handlerFile} exports no handler`);
        return loaded.handler;
      });
      this.modules.set(handlerFile, module);
    }
    return module;
  }
}

/** The twin's stand-in ARN for a handler file: functions/workflow/apply-loan-event.ts → …:function:workflow-apply-loan-event */
export function localFunctionArn(handlerFile: string): string {
  return `arn:aws:lambda:local:000000000000:function:${functionName(handlerFile)}`;
}

export function functionName(handlerFile: string): string {
  return handlerFile.replace(/^functions\//, '').replace(/\.ts$/, '').replace(/[^A-Za-z0-9-]/g, '-');
}

function lambdaContext(handlerFile: string) {
  const deadline = Date.now() + 30_000;
  return {
    functionName: functionName(handlerFile),
    functionVersion: '$LATEST',
    awsRequestId: randomUUID(),
    memoryLimitInMB: '512',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
