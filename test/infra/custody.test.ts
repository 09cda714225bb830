/**
 * The custodian bank on AWS: the shared HMAC secret is read by exactly the functions
 * whose manifest entries ask for it, the bank's URL reaches exactly those that call
 * it, and reconciliation differences raise a CloudWatch alarm through a metric filter
 * on the reconciliation job's log group.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { PlatformStack } from '../../lib/platform-stack';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { handlerCatalog } from '../../lib/handler-catalog';
import { definePlatform } from '../../lib/platform-app';
import { cdkJsonContext, logicalId, mergedTemplate, type Resources } from './support/platform';

const bankUrl = 'https://custody.bank.example/api';
let outdir: string;
let stack: PlatformStack;
let template: Template;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'custody-cdk-out-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], custodianBankUrl: bankUrl } });
  stack = definePlatform(app).stack;
  app.synth();
  template = mergedTemplate(app.node.findAll().filter((construct): construct is Stack => Stack.isStack(construct)));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const secretId = () => {
  const secrets = Object.entries(template.findResources('AWS::SecretsManager::Secret') as Resources).filter(([, secret]) =>
    String(secret.Properties.Description).includes('custodian bank'),
  );
  expect(secrets).toHaveLength(1);
  return secrets[0]![0];
};

const statementsOf = (handlerFile: string) => {
  const roleId = logicalId(stack.handlerFunctions.get(handlerFile)!.role);
  return Object.values(template.findResources('AWS::IAM::Policy') as Resources)
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
};
const variablesOf = (handlerFile: string) =>
  (template.toJSON().Resources[logicalId(stack.handlerFunctions.get(handlerFile)!.function)].Properties.Environment.Variables ?? {}) as Record<string, unknown>;

test('the shared secret is readable by exactly the handlers that sign or verify, and only that secret', () => {
  const id = secretId();
  const readers = handlerCatalog().filter((entry) => entry.access.has('custodian-bank:secret'));
  expect(readers.map((entry) => entry.handlerFile).sort()).toEqual(
    [
      'functions/http/post-custody-callback.ts',
      'functions/http/post-deposit.ts',
      'functions/http/post-withdrawal.ts',
      'functions/schedules/daily-reconciliation.ts',
      // The disbursement task signs its transfer instruction.
      'functions/workflow/disburse-loan.ts',
      // A repayment (by the borrower, or the due date's auto-debit) sends its transfer instruction.
      'functions/http/post-repayment.ts',
      // A debt transfer's purchase pays the seller (and the fee) with one transfer instruction.
      'functions/http/post-transfer-purchase.ts',
      'functions/workflow/collect-due.ts',
      // The overdue sweep pays an approved risk-reserve compensation with one transfer instruction.
      'functions/schedules/overdue-sweep.ts',
    ].sort(),
  );
  for (const entry of handlerCatalog()) {
    const reads = statementsOf(entry.handlerFile).filter((statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(statement.Resource).includes(id));
    const variable = variablesOf(entry.handlerFile).CUSTODIAN_BANK_SECRET_ARN;
    const expected = entry.access.has('custodian-bank:secret');
    expect({ handler: entry.handlerFile, reads: reads.length === 1, variable: variable !== undefined }).toEqual({ handler: entry.handlerFile, reads: expected, variable: expected });
    if (expected) {
      // Merged into one statement (minimizePolicies) with the request keys and, on a route, the front door's origin secret: no other secret.
      const secretsDescribed = (pattern: string) => Object.keys(template.findResources('AWS::SecretsManager::Secret', { Properties: { Description: Match.stringLikeRegexp(pattern) } }));
      const [originSecret, requestKeys] = [secretsDescribed('x-origin-verify'), secretsDescribed('request keys')];
      expect(requestKeys).toHaveLength(1);
      const allowed = [{ Ref: id }, ...requestKeys.map((secret) => ({ Ref: secret })), ...(entry.kinds.includes('route') ? originSecret.map((secret) => ({ Ref: secret })) : [])];
      expect([reads[0]!.Resource].flat()).toContainEqual({ Ref: id });
      expect(allowed).toEqual(expect.arrayContaining([reads[0]!.Resource].flat()));
      expect(variable).toEqual({ Ref: id });
    }
  }
});

test('the bank URL from the context reaches exactly the handlers that call the bank', () => {
  for (const entry of handlerCatalog()) {
    expect({ handler: entry.handlerFile, url: variablesOf(entry.handlerFile).CUSTODIAN_BANK_URL }).toEqual({
      handler: entry.handlerFile,
      url: entry.access.has('custodian-bank:endpoint') ? bankUrl : undefined,
    });
  }
  expect(variablesOf('functions/http/get-health.ts').CUSTODIAN_BANK_URL).toBe(bankUrl);
  expect(variablesOf('functions/http/get-health.ts').CUSTODIAN_BANK_SECRET_ARN).toBeUndefined();
});

test('a reconciliation difference pages once: through its failure signal, not also through a log filter', () => {
  const filters = Object.values(template.findResources('AWS::Logs::MetricFilter') as Resources).map((filter) => JSON.stringify(filter.Properties));
  expect(filters.filter((filter) => filter.includes('ReconciliationDifference'))).toEqual([]);
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).map((alarm) => alarm.Properties);
  expect(alarms.filter((alarm) => JSON.stringify(alarm).includes('ReconciliationDifference'))).toEqual([
    expect.objectContaining({ MetricName: 'ReconciliationDifference', Threshold: 1, TreatMissingData: 'notBreaching' }),
  ]);
});
