/**
 * statemachines/loan-origination.asl.json on the twin, through @aws-sdk/client-sfn:
 * a .waitForTaskToken task waits and SendTaskSuccess completes it; a timed-out task
 * takes its Catch; duplicate and forged task tokens are refused; a restart of the
 * twin mid-execution strands nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { eventually, freeTwinPorts, json, startTwinProcess, type RunningTwin, type TwinPorts } from '../support/twin-process';
import { sfnClient } from '../support/listings';

type Repository = typeof import('../../functions/adapters/dynamodb/loan-repository');

const stateMachineArn = 'arn:aws:states:local:000000000000:stateMachine:loan-origination';
let ports: TwinPorts;
let dataDir: string;
let twin: RunningTwin;
let repository: Repository;
let sfn: SFNClient;

beforeAll(async () => {
  ports = await freeTwinPorts();
  dataDir = await mkdtemp(join(tmpdir(), 'twin-data-'));
  twin = await startTwinProcess({ dataDir, ports });
  // The test reads and writes the twin's table through the platform's own adapter.
  Object.assign(process.env, {
    TABLE_NAME: twin.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: twin.dynamoDbUrl,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: 'twin',
    AWS_SECRET_ACCESS_KEY: 'twin',
  });
  repository = await import('../../functions/adapters/dynamodb/loan-repository');
  sfn = sfnClient(twin);
}, 90_000);

/** Stops the twin and starts it again on the same data; each start has its own control secret, so the client is made anew. */
async function restartTwin(): Promise<void> {
  await twin.stop();
  twin = await startTwinProcess({ dataDir, ports });
  sfn.destroy();
  sfn = sfnClient(twin);
}

afterAll(async () => {
  sfn?.destroy();
  await twin?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

let loanCounter = 0;
async function applyForLoan(): Promise<string> {
  const loanId = `loan-${Date.now()}-${++loanCounter}`;
  await repository.createLoan({ loanId, borrowerId: 'borrower-1', amountFen: 5_000_000, termMonths: 12, createdAt: new Date().toISOString() });
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: loanId, input: JSON.stringify({ loanId }) }));
  expect(executionArn).toContain(loanId);
  return loanId;
}

/** Waits until the loan's workflow is parked on a decision, and returns that task's token. */
async function pendingToken(loanId: string, decision: 'REVIEW' | 'SUBSCRIPTION'): Promise<string> {
  return eventually(async () => {
    const loan = await repository.findLoan(loanId);
    return loan?.pendingDecision?.decision === decision ? loan.pendingDecision.taskToken : undefined;
  }, `${loanId} waiting on ${decision}`);
}

const executionArn = (loanId: string) => `arn:aws:states:local:000000000000:execution:loan-origination:${loanId}`;
const describe = (loanId: string) => sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(loanId) }));
const finished = (loanId: string) =>
  eventually(async () => {
    const execution = await describe(loanId);
    return execution.status === 'RUNNING' ? undefined : execution;
  }, `${loanId} to finish`);
const advance = (duration: string) => json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: duration }) });

test('a task waits for its token; SendTaskSuccess moves the loan on; the listing fills', async () => {
  const loanId = await applyForLoan();
  const reviewToken = await pendingToken(loanId, 'REVIEW');
  expect((await describe(loanId)).status).toBe('RUNNING');
  expect((await repository.getLoan(loanId)).status).toBe('IN_REVIEW');

  await sfn.send(new SendTaskSuccessCommand({ taskToken: reviewToken, output: JSON.stringify({ decision: 'APPROVED', grade: 'B' }) }));
  const subscriptionToken = await pendingToken(loanId, 'SUBSCRIPTION');
  const listed = await repository.getLoan(loanId);
  expect(listed).toMatchObject({ status: 'LISTED', grade: 'B' });
  // Listed for the default seven days, by the twin's clock.
  expect(Date.parse(listed.listingDeadline ?? '') - Date.parse(listed.listedAt ?? '')).toBe(7 * 86_400_000);

  await sfn.send(new SendTaskSuccessCommand({ taskToken: subscriptionToken, output: JSON.stringify({ filledAt: 'now' }) }));
  // Filled without any bid (a token sent by hand): there is nothing to disburse, so the disbursement fails
  // before any instruction reaches the bank, and the failure is recorded for operators.
  const execution = await finished(loanId);
  expect(execution.status).toBe('FAILED');
  expect(execution.error).toBe('DisbursementFailed');
  const loan = await repository.getLoan(loanId);
  expect(loan.status).toBe('DISBURSEMENT_FAILED');
  expect(loan.disbursementFailure?.error).toBe('RangeError');
  expect(loan.disbursement).toBeUndefined();
}, 60_000);

test('a listing whose deadline passes unfilled takes the Catch and expires', async () => {
  const loanId = await applyForLoan();
  await sfn.send(new SendTaskSuccessCommand({ taskToken: await pendingToken(loanId, 'REVIEW'), output: JSON.stringify({ decision: 'APPROVED', grade: 'C' }) }));
  await pendingToken(loanId, 'SUBSCRIPTION');
  await advance('P6D');
  expect((await describe(loanId)).status).toBe('RUNNING');
  await advance('P1DT1H');
  const execution = await finished(loanId);
  expect(execution.status).toBe('SUCCEEDED');
  const output = JSON.parse(execution.output ?? '{}');
  expect(output.failure.Error).toBe('States.Timeout');
  expect(output.outcome).toEqual({ status: 'EXPIRED', filled: false });
  expect((await repository.getLoan(loanId)).status).toBe('EXPIRED');
}, 60_000);

test('an application nobody reviews in three days is rejected', async () => {
  const loanId = await applyForLoan();
  await pendingToken(loanId, 'REVIEW');
  await advance('P3DT1M');
  expect((await finished(loanId)).status).toBe('SUCCEEDED');
  expect(await repository.getLoan(loanId)).toMatchObject({ status: 'REJECTED', rejectionReasons: ['REVIEW_TIMED_OUT'] });
}, 60_000);

test('duplicate and forged task tokens are refused and change nothing', async () => {
  const loanId = await applyForLoan();
  const token = await pendingToken(loanId, 'REVIEW');
  const output = JSON.stringify({ decision: 'REJECTED', reasons: ['INCOME_UNVERIFIED'] });
  await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output }));
  await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: `${token}x`, output }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  expect((await finished(loanId)).status).toBe('SUCCEEDED');
  expect(await repository.getLoan(loanId)).toMatchObject({ status: 'REJECTED', rejectionReasons: ['INCOME_UNVERIFIED'] });
}, 60_000);

test('starting the same execution twice starts it once; the same name with other input is refused', async () => {
  const loanId = await applyForLoan();
  const again = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: loanId, input: JSON.stringify({ loanId }) }));
  expect(again.executionArn).toBe(executionArn(loanId));
  await expect(
    sfn.send(new StartExecutionCommand({ stateMachineArn, name: loanId, input: JSON.stringify({ loanId: 'other' }) })),
  ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
}, 60_000);

test('a restart of the twin mid-execution strands nothing: tokens and deadlines survive', async () => {
  const loanId = await applyForLoan();
  const reviewToken = await pendingToken(loanId, 'REVIEW');

  await restartTwin();
  // The same token completes the redriven task.
  await sfn.send(new SendTaskSuccessCommand({ taskToken: reviewToken, output: JSON.stringify({ decision: 'APPROVED', grade: 'A' }) }));
  await pendingToken(loanId, 'SUBSCRIPTION');
  const listing = await repository.getLoan(loanId);

  await restartTwin();
  // The clock and the listing deadline were kept: the listing expires at its first deadline.
  const now = Date.parse((await json(`${twin.apiUrl}/_twin/clock`)).body.now);
  expect(now).toBeLessThan(Date.parse(listing.listingDeadline ?? ''));
  await advance('P7DT1H');
  const execution = await finished(loanId);
  expect(execution.status).toBe('SUCCEEDED');
  expect((await repository.getLoan(loanId)).status).toBe('EXPIRED');
}, 120_000);
