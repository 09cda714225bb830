/**
 * Crash injection for adapters against DynamoDB Local: a middleware on the platform's
 * DynamoDB client lets the first `writes` write requests through and fails the next
 * one before it is sent, as if the Lambda had died between two writes. Reads always
 * pass. `crashAfter(undefined)` lets everything through again.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export class InjectedCrash extends Error {
  constructor(readonly afterWrites: number) {
    super(`injected crash after ${afterWrites} writes`);
    this.name = 'InjectedCrash';
  }
}

const writeCommand = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

export function installCrashInjection(client: DynamoDBClient): { crashAfter: (writes: number | undefined) => void; writes: () => number } {
  let limit: number | undefined;
  let writes = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!writeCommand.test(String(context.commandName ?? ''))) return next(args);
      if (limit !== undefined && writes >= limit) throw new InjectedCrash(limit);
      const result = await next(args);
      writes += 1;
      return result;
    },
    { step: 'initialize', name: 'crashInjection' },
  );
  return {
    crashAfter: (writesAllowed) => {
      limit = writesAllowed;
      writes = 0;
    },
    writes: () => writes,
  };
}
