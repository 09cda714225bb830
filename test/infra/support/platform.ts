/**
 * Synthesizes the platform app the way bin/app.ts does (same stack, same cdk-nag
 * plugin, cdk.json's context) into a temporary directory, once per test process and
 * set of options: a synthesis takes ~12 s of CPU, and the infra tier's files all look
 * at the same app, so the first file to ask synthesizes it and the others the same
 * jest worker runs reuse it (see `shared` below). Bundling the Lambda functions is
 * skipped unless asked for: the template tests look at the template, not at the bundles.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { definePlatform } from '../../../lib/platform-app';
import type { PlatformStack } from '../../../lib/platform-stack';
import type { EdgeStack } from '../../../lib/edge-stack';
import type { StatefulStack } from '../../../lib/stateful-stack';
import { projectPath } from '../../../lib/project-paths';
import { infraOutVariable } from './global-setup';

export interface SynthesizedPlatform {
  readonly app: App;
  /** The stateless stack (functions, API, workflows, schedules, consumers). */
  readonly stack: PlatformStack;
  readonly stateful: StatefulStack;
  /** The us-east-1 stack: the front door's web ACL and its alarms. */
  readonly edge: EdgeStack;
  /** Every stack of the app (nested ones included), each with its own template. */
  readonly stacks: readonly Stack[];
  /**
   * The app as one template: every stack's resources and outputs, with cross-stack
   * references (exports/imports, nested-stack parameters and outputs) followed back to
   * what they name, so `{ Ref: <table> }` reads the same whichever stack uses the table.
   */
  readonly template: Template;
  readonly outdir: string;
  /** Removes the temporary cloud assembly. */
  readonly dispose: () => void;
}

export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/**
 * The platforms this process has synthesized, by options. Jest gives each test file its
 * own module registry, globals and `process`, so a module-level cache would be per file;
 * the cache is kept on the `node:os` module object instead, which jest does not copy, so
 * every file a worker runs shares it. The shared platform is read-only: a test that needs
 * a changed app synthesizes its own. Cloud assemblies go under the run's folder
 * (test/infra/support/global-setup.ts makes it, its teardown removes it).
 */
const sharedKey = Symbol.for('p2p-lending.infra.synthesized-platforms');
const shared: Map<string, SynthesizedPlatform> = ((os as unknown as Record<symbol, Map<string, SynthesizedPlatform>>)[sharedKey] ??= new Map());

/** The platform synthesized with these options: this process's shared one (dispose() leaves it for the next file). */
export function synthesizePlatform(options: { bundle?: boolean; context?: Record<string, unknown> } = {}): SynthesizedPlatform {
  const key = JSON.stringify([Boolean(options.bundle), options.context ?? {}]);
  const known = shared.get(key) ?? synthesizeNew(options);
  shared.set(key, known);
  return { ...known, template: mergedTemplate(known.stacks), dispose: () => {} };
}

function synthesizeNew(options: { bundle?: boolean; context?: Record<string, unknown> }): SynthesizedPlatform {
  const outdir = mkdtempSync(join(process.env[infraOutVariable] ?? os.tmpdir(), 'platform-cdk-out-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context },
  });
  const { stack, stateful, edge } = definePlatform(app);
  app.synth();
  const stacks = app.node.findAll().filter((construct): construct is Stack => Stack.isStack(construct));
  return { app, stack, stateful, edge, stacks, template: mergedTemplate(stacks), outdir, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

type Json = any;

/** One template of several stacks' templates, cross-stack references followed (see SynthesizedPlatform.template). */
export function mergedTemplate(stacks: readonly Stack[]): Template {
  const templates = new Map(stacks.map((stack) => [stack, Template.fromStack(stack, { skipCyclicalDependenciesCheck: true }).toJSON() as Json]));
  const exports = new Map<string, { stack: Stack; value: Json }>();
  for (const [stack, template] of templates) {
    for (const output of Object.values<Json>(template.Outputs ?? {})) {
      if (output.Export?.Name) exports.set(output.Export.Name, { stack, value: output.Value });
    }
  }
  const nestedResourceId = (nested: NestedStack) => logicalId(nested.nestedStackResource!);
  const follow = (value: Json, stack: Stack): Json => {
    if (Array.isArray(value)) return value.map((item) => follow(item, stack));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const argument = value[key];
      if (key === 'Fn::ImportValue' && typeof argument === 'string' && exports.has(argument)) {
        const exported = exports.get(argument)!;
        return follow(exported.value, exported.stack);
      }
      if (key === 'Ref' && typeof argument === 'string' && NestedStack.isNestedStack(stack) && templates.get(stack)!.Parameters?.[argument]) {
        const parent = stack.nestedStackParent!;
        const passed = templates.get(parent)!.Resources[nestedResourceId(stack)].Properties.Parameters?.[argument];
        if (passed !== undefined) return follow(passed, parent);
      }
      if (key === 'Fn::GetAtt' && Array.isArray(argument) && typeof argument[1] === 'string' && argument[1].startsWith('Outputs.')) {
        const child = stacks.find((candidate) => NestedStack.isNestedStack(candidate) && candidate.nestedStackParent === stack && nestedResourceId(candidate) === argument[0]);
        if (child) return follow(templates.get(child)!.Outputs[argument[1].slice('Outputs.'.length)].Value, child);
      }
    }
    return Object.fromEntries(keys.map((key) => [key, follow(value[key], stack)]));
  };
  const merged: Json = { Resources: {}, Outputs: {} };
  for (const [stack, template] of templates) {
    for (const section of ['Resources', 'Outputs'] as const) {
      for (const [id, element] of Object.entries<Json>(template[section] ?? {})) {
        if (merged[section][id]) throw new Error(`${section} ${id} is in two stacks: the merged view needs unique logical ids`);
        merged[section][id] = follow(element, stack);
      }
    }
  }
  return Template.fromJSON(merged, { skipCyclicalDependenciesCheck: true });
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
