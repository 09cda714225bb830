/**
 * cdk-nag's AWS Solutions checks on the platform app, synthesized as bin/app.ts does
 * it (with the Lambda bundles). cdk-nag 3 is a CDK validation plugin: its findings
 * go to the cloud assembly's validation-report.json, and an error fails synthesis.
 * Warnings do not fail synthesis, so the report itself is read and must be empty.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';
import { maxHandlerBundleBytes, pdfRenderingHandlers } from '../../lib/constructs/handler-bundles';
import { bundledFontFolder, bundledPdfEngineFile } from '../../functions/adapters/documents/pdf-fonts';

interface ReportedViolation {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/** Every violation in a cloud assembly's validation report, from every plugin. */
function reportedViolations(outdir: string): ReportedViolation[] {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string; severity: string; violatingConstructs: Array<{ constructPath?: string }> }> }>;
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity,
      paths: violation.violatingConstructs.map((construct) => construct.constructPath ?? '?'),
    })),
  );
}

/** Acknowledgements recorded with Validations.of(scope).acknowledge(), where they were made. */
function acknowledgements(root: IConstruct): Array<{ id: string; scope: string; reason: string }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), scope: construct.node.path, reason })),
  );
}

/** The pack's findings as if nothing had been acknowledged. */
function unacknowledgedFindings(root: IConstruct): Array<{ rule: string; path: string }> {
  const pack = new AwsSolutionsChecks();
  // isAcknowledged is private to NagPack; overriding it on this instance only shows what the acknowledgements silence.
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  return pack.validateScope(root).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({ rule: violation.ruleName, path: resource.constructPath ?? '?' })),
  );
}

const isWithin = (path: string, scope: string) => path === scope || path.startsWith(`${scope}/`);

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform({ bundle: true });
}, 120_000);
afterAll(() => platform.dispose());

test('the validation report of the synthesized app has no violation of any severity', () => {
  expect(reportedViolations(platform.outdir)).toEqual([]);
});

test('AwsSolutionsChecks finds nothing unacknowledged in the app', () => {
  const result = new AwsSolutionsChecks().validateScope(platform.app);
  expect(result.violations.map((violation) => violation.ruleName)).toEqual([]);
  expect(result.success).toBe(true);
});

test('every acknowledgement silences a real finding within its scope, and every finding is acknowledged', () => {
  const findings = unacknowledgedFindings(platform.app);
  const acks = acknowledgements(platform.app).filter((ack) => ack.id.startsWith('AwsSolutions-'));
  expect(findings.length).toBeGreaterThan(0);
  expect(acks.length).toBeGreaterThan(0);
  const uncovered = findings.filter((finding) => !acks.some((ack) => ack.id === finding.rule && isWithin(finding.path, ack.scope)));
  expect(uncovered).toEqual([]);
  const stale = acks.filter((ack) => !findings.some((finding) => finding.rule === ack.id && isWithin(finding.path, ack.scope)));
  expect(stale).toEqual([]);
});

test('every acknowledgement gives a specific reason', () => {
  for (const ack of acknowledgements(platform.app)) {
    expect({ id: ack.id, length: ack.reason.trim().length }).toEqual({ id: ack.id, length: expect.any(Number) });
    expect(ack.reason.trim().length).toBeGreaterThanOrEqual(80);
  }
});

test('every handler function was bundled as ESM by esbuild into the assembly', async () => {
  const handlerIds = new Set([...platform.stack.handlerFunctions.values()].map((handler) => logicalId(handler.function)));
  const functions = Object.entries(platform.template.findResources('AWS::Lambda::Function') as Resources)
    .filter(([id]) => handlerIds.has(id))
    .map(([, fn]) => fn);
  expect(functions.length).toBe(handlerIds.size);
  expect(functions.length).toBeGreaterThan(0);
  const sizes: Array<{ handler: string; bytes: number }> = [];
  const renderers: string[] = [];
  for (const fn of functions) {
    // A bundled asset's directory in the assembly is named after the hash that is also its S3 key.
    const assetDir = join(platform.outdir, `asset.${(fn.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle).toContain('createRequire');
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b/);
    const handler = fn.Properties.Description as string;
    sizes.push({ handler, bytes: Buffer.byteLength(bundle) });
    // A PDF renderer's code carries the PDF engine's own bundle and the fonts beside index.mjs; no other function's does.
    const renders = [...pdfRenderingHandlers].some((file) => handler.includes(`[${file}]`));
    expect({ handler, engine: existsSync(join(assetDir, bundledPdfEngineFile)), fonts: existsSync(join(assetDir, bundledFontFolder)) }).toEqual({ handler, engine: renders, fonts: renders });
    if (renders) renderers.push(assetDir);
  }
  expect(renderers).toHaveLength(pdfRenderingHandlers.size);
  // docs/testing.md: each bundle ≤ 500 KB (the runtime provides the AWS SDK; zod is imported as a namespace so it
  // tree-shakes; pdf-lib and fontkit are the engine's file, not the renderer's bundle).
  expect(sizes.filter((size) => size.bytes > maxHandlerBundleBytes)).toEqual([]);
  // What pdf-document.ts takes from the engine when it writes a document.
  const engine = (await import(pathToFileURL(join(renderers[0]!, bundledPdfEngineFile)).href)) as Record<string, unknown>;
  expect({ PDFDocument: typeof engine.PDFDocument, rgb: typeof engine.rgb, fontkit: typeof engine.fontkit }).toEqual({ PDFDocument: 'function', rgb: 'function', fontkit: 'object' });
});

describe('the check can fail', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'nag-fixture-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('a non-compliant app fails synthesis, and its errors and warnings are in the report read above', () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'NonCompliant');
    new s3.Bucket(stack, 'UnloggedBucket'); // AwsSolutions-S1, S10: errors
    new cognito.UserPool(stack, 'PoolWithoutMfa'); // AwsSolutions-COG2: a warning
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    const reported = reportedViolations(outdir).map((violation) => [violation.rule, violation.severity]);
    expect(reported).toContainEqual(['AwsSolutions-S1', 'error']);
    expect(reported).toContainEqual(['AwsSolutions-COG2', 'warning']);
  });
});
