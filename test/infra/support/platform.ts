/**
 * Synthesizes the platform app the way bin/app.ts does (same stack, same cdk-nag
 * plugin, cdk.json's context), once per test file, into a temporary directory.
 * Bundling the Lambda functions is skipped unless asked for: the template tests look
 * at the template, not at the bundles, and bundling every function in every test
 * file would dominate the tier's time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { definePlatform } from '../../../lib/platform-app';
import type { PlatformStack } from '../../../lib/platform-stack';
import { projectPath } from '../../../lib/project-paths';

export interface SynthesizedPlatform {
  readonly app: App;
  readonly stack: PlatformStack;
  readonly template: Template;
  readonly outdir: string;
  /** Removes the temporary cloud assembly. */
  readonly dispose: () => void;
}

export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

export function synthesizePlatform(options: { bundle?: boolean } = {}): SynthesizedPlatform {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-cdk-out-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stack = definePlatform(app);
  app.synth();
  return { app, stack, template: Template.fromStack(stack), outdir, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** The logical id CloudFormation knows a construct's resource by. */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(Stack.of(construct).getLogicalId(element)) as string;
}

/** How the template refers to a function's (or any resource's) ARN. */
export function arnOf(construct: IConstruct): { 'Fn::GetAtt': [string, 'Arn'] } {
  return { 'Fn::GetAtt': [logicalId(construct), 'Arn'] };
}

/** The `${Name}` placeholders of an ASL file, read independently of lib/. */
export function placeholdersIn(file: string): string[] {
  const text = readFileSync(projectPath(file), 'utf8');
  return [...new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]!))].sort();
}

export type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
