/**
 * Figure: cost per loan (docs/testing.md: reported with its breakdown, no goal).
 * One 12-month equal-installment loan funded by 50 investors, from listing to
 * settlement, on a twin started IN THIS PROCESS so that it can be counted without
 * touching production code:
 *   - Lambda invocations: LocalFunctions.invoke (every route, workflow task and schedule
 *     the twin runs), by handler, with their wall time (priced as 512 MB ARM GB-seconds);
 *   - API requests: the route handlers' invocations (one API Gateway request each);
 *   - DynamoDB request units: ReturnConsumedCapacity=TOTAL added by a middleware on the
 *     handlers' shared client (functions/adapters/dynamodb/client.ts), attributed to the handler
 *     that sent it; DynamoDB Local reports a transaction's units as if plain, so
 *     TransactWriteItems/TransactGetItems count double, as DynamoDB bills them;
 *   - Step Functions state transitions: every StateEntered event of the twin's engine
 *     (aws-local-stepfunctions), Map iterations included.
 * The loan is made by test/support/servicing.ts repayingLoan (investors' deposits, the
 * listing, 50 bids over HTTP, contract, disbursement), the borrower is topped up, and the
 * twin's clock is moved to each due date until the loan is SETTLED (auto-debit each month).
 * Not counted: the loan item and its review decision (repayingLoan writes the application
 * and approves the review through the test clients, not the API), the test's own reads
 * and user setup (verification, risk assessment written directly), GSI write
 * amplification (DynamoDB Local does not report it), Cognito, KMS, S3, SNS, logs.
 * Schedules (daily sweeps, reconciliation) serve the whole book: reported apart.
 *
 *   npm run bench -- cost-per-loan      (takes a few minutes)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { StateMachine } from 'aws-local-stepfunctions';
import { LocalFunctions } from '../../lib/local/functions';
import { handlerCatalog } from '../../lib/handler-catalog';
import { startTwin } from '../../lib/local/twin';
import { freePort } from '../../lib/local/ports';
import { depositConfirmed, tableClient } from '../support/custody';
import { loanItem, sfnClient } from '../support/listings';
import { advanceClock, installmentItems, legSafeTerms, repayingLoan } from '../support/servicing';
import { eventually, knownTwin, projectRoot, type RunningTwin } from '../support/twin-process';
import { emit, type FigureResult } from './measure';

/**
 * AWS list prices, us-east-1, as published on the AWS pricing pages (checked 2025-06; DynamoDB
 * on-demand after its 2024-11-01 reduction). Change here if they move.
 */
const prices = {
  region: 'us-east-1',
  asOf: '2025-06',
  lambdaPerRequest: 0.2 / 1e6, // $0.20 per 1M requests
  lambdaPerGbSecondArm: 0.0000133334, // ARM, first tier
  lambdaMemoryGb: 0.5, // lib/constructs/handler-function.ts: 512 MB
  dynamoPerWriteUnit: 0.625 / 1e6, // on-demand, $0.625 per 1M write request units
  dynamoPerReadUnit: 0.125 / 1e6, // on-demand, $0.125 per 1M read request units
  stepFunctionsPerTransition: 0.025 / 1000, // Standard workflows, $0.025 per 1,000 state transitions
  httpApiPerRequest: 1.0 / 1e6, // API Gateway HTTP API, $1.00 per 1M requests (first 300M)
};

type Kind = 'route' | 'workflow-task' | 'schedule' | 'outside a handler';
interface Tally {
  invocations: number;
  lambdaMs: number;
  readUnits: number;
  writeUnits: number;
  dynamoRequests: number;
}
const emptyTally = (): Tally => ({ invocations: 0, lambdaMs: 0, readUnits: 0, writeUnits: 0, dynamoRequests: 0 });

const kindOf = new Map<string, Kind>();
for (const entry of handlerCatalog()) kindOf.set(entry.handlerFile, entry.kinds.includes('route') ? 'route' : entry.kinds.includes('schedule') ? 'schedule' : 'workflow-task');
const byHandler = new Map<string, Tally>();
const tally = (handlerFile: string) => {
  let found = byHandler.get(handlerFile);
  if (!found) byHandler.set(handlerFile, (found = emptyTally()));
  return found;
};
const current = new AsyncLocalStorage<string>();
let counting = false;
let transitions = 0;

// Lambda: every invocation the twin makes, and the handler that any DynamoDB request belongs to.
const invoke = LocalFunctions.prototype.invoke;
LocalFunctions.prototype.invoke = function (this: LocalFunctions, handlerFile: string, event: unknown) {
  if (!counting) return invoke.call(this, handlerFile, event);
  const started = process.hrtime.bigint();
  return current.run(handlerFile, async () => {
    try {
      return await invoke.call(this, handlerFile, event);
    } finally {
      const entry = tally(handlerFile);
      entry.invocations += 1;
      entry.lambdaMs += Number(process.hrtime.bigint() - started) / 1e6;
    }
  });
};

// Step Functions: StateEntered events of each top-level run (nested Map runs forward theirs to it).
const run = StateMachine.prototype.run;
StateMachine.prototype.run = function (this: StateMachine, ...args: Parameters<StateMachine['run']>) {
  const execution = run.apply(this, args);
  if ((args[1] as { _rootAbortSignal?: unknown } | undefined)?._rootAbortSignal !== undefined) return execution;
  const events = execution.eventLogs;
  return {
    ...execution,
    eventLogs: (async function* () {
      for await (const event of events) {
        if (counting && event.type === 'StateEntered') transitions += 1;
        yield event;
      }
    })(),
  };
};

const ports = { api: await freePort(), stepFunctions: await freePort(), dynamoDb: await freePort(), cognito: await freePort(), bank: await freePort() };
const started = Date.now();
const local = await startTwin({ projectRoot, dataDir: undefined, apiPort: ports.api, stepFunctionsPort: ports.stepFunctions, dynamoDbPort: ports.dynamoDb, cognitoPort: ports.cognito, bankPort: ports.bank });
const twin: RunningTwin = knownTwin({ ...local, startedInMs: Date.now() - started, output: () => '', stop: () => local.stop() });

// DynamoDB: the handlers' one client (the same module instance the twin's handlers import).
const { dynamodb } = await import('../../functions/adapters/dynamodb/client');
const readCommands = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const transactional = new Set(['TransactWriteItemsCommand', 'TransactGetItemsCommand']);
dynamodb.middlewareStack.add(
  (next, context) => async (args) => {
    if (!counting) return next(args);
    const command = String(context.commandName);
    const input = args.input as Record<string, unknown>;
    if (command !== 'DescribeTableCommand') input.ReturnConsumedCapacity = 'TOTAL';
    const entry = tally(current.getStore() ?? 'outside a handler');
    entry.dynamoRequests += 1;
    const add = (units: number) => {
      if (readCommands.has(command)) entry.readUnits += units;
      else entry.writeUnits += units;
    };
    try {
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
      const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, item) => sum + (item.CapacityUnits ?? 0), 0);
      add(transactional.has(command) ? 2 * units : units);
      return result;
    } catch (error) {
      // A refused conditional write is still billed; its response carries no units: one per item tried.
      const items = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
      add(transactional.has(command) ? 2 * items : readCommands.has(command) ? 0.5 : 1);
      throw error;
    }
  },
  { step: 'initialize', name: 'benchConsumedCapacity' },
);

const documents = tableClient(twin);
const sfn = sfnClient(twin);
const snapshot = () => ({ transitions, handlers: new Map([...byHandler].map(([file, entry]) => [file, { ...entry }])) });
const phases: Array<{ name: string; before: ReturnType<typeof snapshot>; after: ReturnType<typeof snapshot> }> = [];
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const before = snapshot();
  const started = Date.now();
  const value = await work();
  phases.push({ name, before, after: snapshot() });
  console.log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return value;
}

try {
  counting = true;
  const loan = await phase('origination (50 deposits, listing, 50 bids, contract, disbursement)', () =>
    repayingLoan(twin, documents, sfn, { investors: 50, termMonths: 12, chooseTerms: (ids) => legSafeTerms(ids, { termMonths: 12, minAmountFen: 1_000_000 }) }),
  );
  if (loan.installments.length !== 12) throw new Error(`expected 12 installments, got ${loan.installments.length}`);
  await phase('borrower tops up for the schedule (one deposit)', async () => {
    const total = loan.installments.reduce((sum, item) => sum + item.principalFen + item.interestFen, 0);
    await depositConfirmed(loan.borrower, `${Math.ceil(total / 100) + 2}.00`);
  });
  await phase('servicing (12 auto-debited repayments to 50 investors, settlement)', async () => {
    for (const installment of loan.installments) {
      await advanceClock(twin, { set: `${installment.dueDate}T04:00:00.000Z` });
      await eventually(
        async () => ((await installmentItems(twin, documents, loan.loanId)).find((item) => item.number === installment.number)?.status === 'SETTLED' ? true : undefined),
        `installment ${installment.number} to settle`,
        60_000,
      );
    }
    await eventually(async () => ((await loanItem(twin, documents, loan.loanId)).status === 'SETTLED' ? true : undefined), 'the loan to settle', 60_000);
  });
  counting = false;

  const total = (handlers: Map<string, Tally>, keep: (file: string) => boolean) => {
    const sum = emptyTally();
    for (const [file, entry] of handlers) {
      if (!keep(file)) continue;
      for (const key of Object.keys(sum) as Array<keyof Tally>) sum[key] += entry[key];
    }
    return sum;
  };
  const kind = (file: string): Kind => kindOf.get(file) ?? 'outside a handler';
  const cost = (counts: Tally, apiRequests: number, stateTransitions: number) => {
    const lambda = counts.invocations * prices.lambdaPerRequest + (counts.lambdaMs / 1000) * prices.lambdaMemoryGb * prices.lambdaPerGbSecondArm;
    const dynamo = counts.readUnits * prices.dynamoPerReadUnit + counts.writeUnits * prices.dynamoPerWriteUnit;
    const stepFunctions = stateTransitions * prices.stepFunctionsPerTransition;
    const api = apiRequests * prices.httpApiPerRequest;
    return { lambda, dynamo, stepFunctions, api, total: lambda + dynamo + stepFunctions + api };
  };
  const usd = (value: number) => `$${value.toFixed(6)}`;

  console.log(`\nPrices: AWS list prices, ${prices.region}, as of ${prices.asOf} (test/bench/cost-per-loan.ts)`);
  const perLoan = (file: string) => kind(file) !== 'schedule';
  for (const { name, before, after } of phases) {
    const delta = new Map([...after.handlers].map(([file, entry]) => {
      const was = before.handlers.get(file) ?? emptyTally();
      return [file, Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, value - was[key as keyof Tally]])) as unknown as Tally];
    }));
    const counts = total(delta, perLoan);
    const api = total(delta, (file) => kind(file) === 'route').invocations;
    const steps = after.transitions - before.transitions;
    const priced = cost(counts, api, steps);
    console.log(
      `${name}: ${counts.invocations} Lambda invocations (${(counts.lambdaMs / 1000).toFixed(1)} s), ${api} API requests, ${counts.dynamoRequests} DynamoDB requests = ${counts.readUnits.toFixed(1)} RRU + ${counts.writeUnits.toFixed(0)} WRU, ${steps} state transitions → ${usd(priced.total)}`,
    );
  }

  const all = total(byHandler, perLoan);
  const apiRequests = total(byHandler, (file) => kind(file) === 'route').invocations;
  const priced = cost(all, apiRequests, transitions);
  const schedules = total(byHandler, (file) => kind(file) === 'schedule');
  console.log(`\nBy handler (per-loan handlers; invocations, Lambda s, DynamoDB requests, RRU, WRU):`);
  for (const [file, entry] of [...byHandler].filter(([file]) => perLoan(file)).sort((a, b) => b[1].writeUnits - a[1].writeUnits)) {
    console.log(`  ${file.padEnd(50)} ${String(entry.invocations).padStart(5)} ${(entry.lambdaMs / 1000).toFixed(1).padStart(7)} ${String(entry.dynamoRequests).padStart(6)} ${entry.readUnits.toFixed(1).padStart(8)} ${entry.writeUnits.toFixed(0).padStart(7)}`);
  }
  console.log(
    `Schedules during the year (shared by the whole book, not in the per-loan figure): ${schedules.invocations} invocations, ${schedules.readUnits.toFixed(1)} RRU, ${schedules.writeUnits.toFixed(0)} WRU → ${usd(cost(schedules, 0, 0).total)}`,
  );
  const breakdown = `Lambda ${all.invocations} inv. ${(all.lambdaMs / 1000).toFixed(1)} s ${usd(priced.lambda)}; DynamoDB ${all.readUnits.toFixed(0)} RRU + ${all.writeUnits.toFixed(0)} WRU ${usd(priced.dynamo)}; Step Functions ${transitions} transitions ${usd(priced.stepFunctions)}; HTTP API ${apiRequests} req. ${usd(priced.api)}; ${prices.region} list prices ${prices.asOf}`;
  console.log(`\nCost per loan (12 months, 50 investors): ${usd(priced.total)} — ${breakdown}`);
  const row: FigureResult = { figure: 'cost per loan (USD, 12 months, 50 investors)', measured: breakdown, ratio: priced.total, goal: 'reported', pass: true };
  emit([row]);
} finally {
  counting = false;
  documents.destroy();
  sfn.destroy();
  await twin.stop();
}
process.exit(process.exitCode ?? 0);
