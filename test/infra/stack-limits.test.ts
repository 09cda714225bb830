/**
 * Room to grow: every stack of the app (nested ones included) stays well inside
 * CloudFormation's limits (500 resources, 1 MB template from S3): ≤ 300 resources and
 * ≤ 700 KB each; the stateful stack keeps what it holds (termination protection,
 * RETAIN) and the stateless one holds no table, key, bucket, user pool, secret or trail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestedStack } from 'aws-cdk-lib';
import { synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const templateFile = (stack: SynthesizedPlatform['stacks'][number]) => join(platform.outdir, stack.templateFile);
const resourcesOf = (stack: SynthesizedPlatform['stacks'][number]) => (JSON.parse(readFileSync(templateFile(stack), 'utf8')) as { Resources: Resources }).Resources;

test('the app has a stateful stack, a stateless one with nested stacks under it, and the us-east-1 edge stack', () => {
  expect(platform.stacks.filter((stack) => !NestedStack.isNestedStack(stack)).map((stack) => stack.stackName).sort()).toEqual(
    [platform.stack.stackName, platform.stateful.stackName, platform.edge.stackName].sort(),
  );
  expect(platform.stacks.filter((stack) => NestedStack.isNestedStack(stack)).every((stack) => stack.nestedStackParent === platform.stack)).toBe(true);
  // `cdk deploy --all` deploys the stateful stack first: the stateless one depends on it.
  expect(platform.stack.dependencies).toContain(platform.stateful);
  // … and the edge stack (the front door reads its web ACL's ARN).
  expect(platform.stack.dependencies).toContain(platform.edge);
  expect(platform.edge.region).toBe('us-east-1');
});

test('every stack has at most 300 resources and a template of at most 700 KB', () => {
  const measured = platform.stacks.map((stack) => ({
    stack: stack.node.path,
    resources: Object.keys(resourcesOf(stack)).length,
    kilobytes: Math.ceil(Buffer.byteLength(readFileSync(templateFile(stack))) / 1024),
  }));
  expect(measured.length).toBeGreaterThan(2);
  expect(measured.filter((stack) => stack.resources > 300 || stack.kilobytes > 700)).toEqual([]);
});

test('the stateful stack is termination-protected and retains every resource it holds', () => {
  expect(platform.stateful.terminationProtection).toBe(true);
  const resources = Object.entries(resourcesOf(platform.stateful));
  const kept = ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Cognito::UserPool', 'AWS::SecretsManager::Secret'];
  for (const type of kept) expect(resources.some(([, resource]) => resource.Type === type)).toBe(true);
  expect(resources.filter(([, resource]) => kept.includes(resource.Type) && (resource as { DeletionPolicy?: string }).DeletionPolicy !== 'Retain').map(([id]) => id)).toEqual([]);
});

test('the stateless stacks hold no table, bucket, user pool, secret or trail', () => {
  const stateless = platform.stacks.filter((stack) => stack !== platform.stateful);
  const held = stateless.flatMap((stack) => Object.values(resourcesOf(stack)).map((resource) => resource.Type));
  for (const type of ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::Cognito::UserPool', 'AWS::SecretsManager::Secret', 'AWS::CloudTrail::Trail']) {
    expect(held).not.toContain(type);
  }
});
