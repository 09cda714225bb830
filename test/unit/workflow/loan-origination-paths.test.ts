/**
 * statemachines/loan-origination.asl.json, the very file CDK deploys, run in process by
 * the twin's engine with a fixture standing in for every task function: each path
 * from the automated review (approve → list → fill or expire, reject, manual review →
 * reviewer's approve or reject, or nobody reviews in time).
 */
import { TwinClock } from '../../../lib/local/clock';
import { LocalFunctions } from '../../../lib/local/functions';
import { LocalStepFunctions } from '../../../lib/local/stepfunctions/engine';
import { workflowByName, type WorkflowDefinition } from '../../../functions/manifest/workflows';
import type { OriginationCall } from '../../fixtures/origination-steps';
import { projectRoot } from '../../support/twin-process';

const real = workflowByName('loan-origination');
const fixture: WorkflowDefinition = {
  ...real,
  tasks: Object.fromEntries(Object.keys(real.tasks).map((placeholder) => [placeholder, 'test/fixtures/origination-steps.ts'])),
};
const calls = (): OriginationCall[] => ((globalThis as { originationCalls?: OriginationCall[] }).originationCalls ??= []);

let clock: TwinClock;
let engine: LocalStepFunctions;
beforeEach(async () => {
  calls().length = 0;
  clock = await TwinClock.open();
  engine = new LocalStepFunctions({
    projectRoot,
    region: 'local',
    clock,
    functions: new LocalFunctions(projectRoot),
    store: { load: async () => [], save: async () => undefined },
  });
  clock.settle = () => engine.idle();
  await engine.start([fixture]);
});
afterEach(async () => {
  await engine.stop();
  clock.stop();
});

async function run(loanId: string): Promise<string> {
  const { executionArn } = engine.startExecution({ stateMachineArn: engine.stateMachineArn('loan-origination'), name: loanId, input: JSON.stringify({ loanId }) });
  await engine.idle();
  return executionArn;
}
const steps = (loanId: string) => calls().filter((call) => call.loanId === loanId).map((call) => `${call.task}${call.detail ? `:${call.detail}` : ''}`);
const tokenFor = (loanId: string, decision: string) => calls().find((call) => call.loanId === loanId && call.task === 'await' && call.detail === decision)?.token ?? '';

test('approved by the rules: listed with the scorecard grade, filled, disbursed once the bank confirms, then repaying', async () => {
  const arn = await run('approve-1');
  expect(steps('approve-1')).toEqual(['review', 'event:LIST', 'await:SUBSCRIPTION']);
  expect(calls().find((call) => call.detail === 'LIST')?.grade).toBe('B');
  await engine.sendTaskSuccess(tokenFor('approve-1', 'SUBSCRIPTION'), JSON.stringify({ filledBy: 'bid-1' }));
  await engine.idle();
  // Funded → the contract is built, stored and signed → the disbursement waits for the bank.
  expect(steps('approve-1').slice(-3)).toEqual(['event:FILL', 'contract:SIGN', 'await:DISBURSEMENT']);
  expect(engine.describeExecution(arn).status).toBe('RUNNING');
  // The bank's callback completes the wait with the confirmation.
  await engine.sendTaskSuccess(tokenFor('approve-1', 'DISBURSEMENT'), JSON.stringify({ instructionId: 'disb-approve-1', confirmedAt: '2026-11-25T02:00:00.000Z' }));
  await engine.idle();
  expect(steps('approve-1').at(-1)).toBe('event:DISBURSE');
  expect(calls().find((call) => call.loanId === 'approve-1' && call.detail === 'DISBURSE')?.confirmedAt).toBe('2026-11-25T02:00:00.000Z');
  const record = engine.describeExecution(arn);
  expect(record.status).toBe('SUCCEEDED');
  const output = JSON.parse(record.output ?? '{}');
  expect(output.review).toEqual({ decision: 'APPROVED', grade: 'B', reasons: [], score: 655, scorecardVersion: 'scorecard-2026.1' });
  expect(output.outcome).toEqual({ status: 'REPAYING' });
  // Only the document's key and digest enter the state.
  expect(output.contract).toEqual({ documentKey: 'contracts/approve-1/loan-contract-v1.pdf', sha256: '0'.repeat(64), version: 1 });
});

test('filled, the contract cannot be signed even after retries: recorded as a failure for operators, nothing disbursed', async () => {
  const arn = await run('approve-unsigned-1');
  await engine.sendTaskSuccess(tokenFor('approve-unsigned-1', 'SUBSCRIPTION'), JSON.stringify({ filledBy: 'bid-1' }));
  // The retries' backoff (1 s, 2 s, 4 s) runs in real time in the local engine.
  for (let waited = 0; engine.describeExecution(arn).status === 'RUNNING' && waited < 25_000; waited += 200) await new Promise((wake) => setTimeout(wake, 200));
  const seen = steps('approve-unsigned-1');
  expect(seen.filter((step) => step === 'contract:SIGN')).toHaveLength(4); // the first attempt and three retries
  expect(seen.at(-1)).toBe('event:FAIL_DISBURSEMENT');
  expect(seen).not.toContain('await:DISBURSEMENT');
  expect(engine.describeExecution(arn).status).toBe('FAILED');
}, 30_000);

test('filled but not contractable (a RangeError): no retry, recorded as a failure at once', async () => {
  const arn = await run('approve-uncontractable-1');
  await engine.sendTaskSuccess(tokenFor('approve-uncontractable-1', 'SUBSCRIPTION'), JSON.stringify({ filledBy: 'bid-1' }));
  await engine.idle();
  for (let waited = 0; engine.describeExecution(arn).status === 'RUNNING' && waited < 5_000; waited += 100) await new Promise((wake) => setTimeout(wake, 100));
  const seen = steps('approve-uncontractable-1');
  expect(seen.filter((step) => step === 'contract:SIGN')).toHaveLength(1);
  expect(seen.slice(-2)).toEqual(['contract:SIGN', 'event:FAIL_DISBURSEMENT']);
  expect(calls().find((call) => call.loanId === 'approve-uncontractable-1' && call.detail === 'FAIL_DISBURSEMENT')?.failure?.Error).toBe('RangeError');
  expect(engine.describeExecution(arn).status).toBe('FAILED');
});

test('filled, the bank declines the disbursement transfer: the failure is recorded for operators and the execution fails', async () => {
  const arn = await run('approve-3');
  await engine.sendTaskSuccess(tokenFor('approve-3', 'SUBSCRIPTION'), JSON.stringify({ filledBy: 'bid-1' }));
  await engine.idle();
  await engine.sendTaskFailure(tokenFor('approve-3', 'DISBURSEMENT'), 'DisbursementFailed', 'TRANSFER_DECLINED');
  await engine.idle();
  expect(steps('approve-3').slice(-2)).toEqual(['await:DISBURSEMENT', 'event:FAIL_DISBURSEMENT']);
  expect(calls().find((call) => call.loanId === 'approve-3' && call.detail === 'FAIL_DISBURSEMENT')?.failure).toEqual({ Error: 'DisbursementFailed', Cause: 'TRANSFER_DECLINED' });
  expect(steps('approve-3')).not.toContain('event:DISBURSE');
  expect(engine.describeExecution(arn).status).toBe('FAILED');
});

test('filled, the bank never confirms the disbursement within a day: recorded as a failure, nothing settled', async () => {
  const arn = await run('approve-4');
  await engine.sendTaskSuccess(tokenFor('approve-4', 'SUBSCRIPTION'), JSON.stringify({ filledBy: 'bid-1' }));
  await engine.idle();
  await clock.advance(86_400_000 + 1000);
  expect(steps('approve-4').slice(-2)).toEqual(['await:DISBURSEMENT', 'event:FAIL_DISBURSEMENT']);
  expect(calls().find((call) => call.loanId === 'approve-4' && call.detail === 'FAIL_DISBURSEMENT')?.failure?.Error).toBe('States.Timeout');
  expect(engine.describeExecution(arn).status).toBe('FAILED');
});

test('approved, never filled: the listing expires at its deadline', async () => {
  const arn = await run('approve-2');
  await clock.advance(7 * 86_400_000 + 1000);
  expect(steps('approve-2').at(-1)).toBe('event:EXPIRE');
  expect(JSON.parse(engine.describeExecution(arn).output ?? '{}').outcome).toEqual({ status: 'EXPIRED', filled: false });
});

test('full at its deadline although no bid completed the wait (a lost signal): funded and disbursed, not expired', async () => {
  await run('approve-full-1');
  await clock.advance(7 * 86_400_000 + 1000);
  expect(steps('approve-full-1')).toEqual(expect.arrayContaining(['event:EXPIRE', 'event:FILL', 'await:DISBURSEMENT']));
  expect(steps('approve-full-1').indexOf('event:FILL')).toBeGreaterThan(steps('approve-full-1').indexOf('event:EXPIRE'));
});

test('rejected by the rules: rejected with their reasons, no reviewer involved', async () => {
  const arn = await run('reject-1');
  expect(steps('reject-1')).toEqual(['review', 'event:REJECT']);
  expect(calls().find((call) => call.detail === 'REJECT')?.reasons).toEqual(['BLACKLISTED']);
  expect(engine.describeExecution(arn).status).toBe('SUCCEEDED');
});

test("manual review: waits for the reviewer; the reviewer's approval lists with the reviewer's grade", async () => {
  const arn = await run('manual-1');
  expect(steps('manual-1')).toEqual(['review', 'await:REVIEW']);
  expect(engine.describeExecution(arn).status).toBe('RUNNING');
  await engine.sendTaskSuccess(tokenFor('manual-1', 'REVIEW'), JSON.stringify({ decision: 'APPROVED', grade: 'D', reviewerId: 'reviewer-1' }));
  await engine.idle();
  expect(steps('manual-1')).toEqual(['review', 'await:REVIEW', 'event:LIST', 'await:SUBSCRIPTION']);
  expect(calls().find((call) => call.loanId === 'manual-1' && call.detail === 'LIST')?.grade).toBe('D');
});

test("manual review: the reviewer's rejection rejects with the reviewer's reasons", async () => {
  await run('manual-2');
  await engine.sendTaskSuccess(tokenFor('manual-2', 'REVIEW'), JSON.stringify({ decision: 'REJECTED', reasons: ['INCOME_UNVERIFIED'], reviewerId: 'reviewer-1' }));
  await engine.idle();
  expect(calls().find((call) => call.loanId === 'manual-2' && call.detail === 'REJECT')?.reasons).toEqual(['INCOME_UNVERIFIED']);
});

test('manual review nobody decides in three days: rejected as REVIEW_TIMED_OUT', async () => {
  const arn = await run('manual-3');
  await clock.advance(3 * 86_400_000 + 1000);
  expect(calls().find((call) => call.loanId === 'manual-3' && call.detail === 'REJECT')?.reasons).toEqual(['REVIEW_TIMED_OUT']);
  expect(engine.describeExecution(arn).status).toBe('SUCCEEDED');
});
