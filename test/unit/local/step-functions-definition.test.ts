import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareWorkflow, taskTokenPlaceholder } from '../../../lib/local/stepfunctions/definition';
import { localFunctionArn } from '../../../lib/local/functions';
import { workflows } from '../../../functions/manifest/workflows';
import { projectRoot } from '../../support/twin-process';

test.each(workflows.map((workflow) => [workflow.name, workflow] as const))('%s: every placeholder is filled from the manifest', async (_name, workflow) => {
  const text = await readFile(join(projectRoot, workflow.definitionFile), 'utf8');
  const placeholders = new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));
  // The manifest names exactly the placeholders the file uses: none missing, none unused.
  expect([...placeholders].sort()).toEqual(Object.keys(workflow.tasks).sort());
  const prepared = await prepareWorkflow(projectRoot, workflow);
  expect(JSON.stringify(prepared.definition)).not.toMatch(/\$\{/);
  expect([...prepared.functions.values()].sort()).toEqual([...new Set(Object.values(workflow.tasks))].sort());
});

test('token tasks and waits are rewritten to run on the twin clock, keeping their paths', async () => {
  const origination = workflows.find((workflow) => workflow.name === 'loan-origination');
  if (!origination) throw new Error('no origination workflow');
  const prepared = await prepareWorkflow(projectRoot, origination);
  expect(prepared.tasks.get('AwaitReviewerDecision')).toEqual({ kind: 'wait-for-token', timeoutSeconds: 259200 });
  expect(prepared.tasks.get('AwaitFullSubscription')).toEqual({ kind: 'wait-for-token' });
  const subscription = prepared.definition.States.AwaitFullSubscription as Record<string, any>;
  expect(subscription.Parameters['twin:timeoutSeconds.$']).toBe('$.listing.openSeconds');
  expect(subscription.TimeoutSecondsPath).toBeUndefined();
  expect(subscription.Parameters.FunctionName).toBe(localFunctionArn('functions/workflow/await-loan-decision.ts'));
  expect(prepared.tasks.get('ListLoan')).toEqual({ kind: 'invoke', wrapResult: true });
  expect(taskTokenPlaceholder).toMatch(/^__TWIN/);
});

test('a resource the twin cannot run is refused when the definition loads', async () => {
  await expect(
    prepareWorkflow(projectRoot, { name: 'bad', description: '', definitionFile: 'test/fixtures/unsupported.asl.json', tasks: {} }),
  ).rejects.toThrow(/does not run resource arn:aws:states:::sqs:sendMessage/);
});

test('a definition that is not valid ASL is refused at every load: only a valid one is remembered as checked', async () => {
  const invalid = { name: 'invalid', description: '', definitionFile: 'test/fixtures/invalid.asl.json', tasks: {} };
  await expect(prepareWorkflow(projectRoot, invalid)).rejects.toThrow(/Nowhere/);
  await expect(prepareWorkflow(projectRoot, invalid)).rejects.toThrow(/Nowhere/);
});
