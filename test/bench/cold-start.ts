/**
 * Figure: cold start (QUALITY.md, goal each handler ≤ 1.5× and each bundle ≤ 500 KB).
 * Every handler the CDK stack deploys (lib/handler-catalog.ts: routes, workflow tasks,
 * schedules) is bundled by esbuild the way lib/constructs/handler-function.ts has
 * NodejsFunction do it (ESM, node24, minified, source map, the AWS SDK external, the
 * createRequire banner); then, in a fresh `node --enable-source-maps` process per sample
 * (as Lambda sets NODE_OPTIONS), the bundle's import is timed: the function's init.
 * Baseline: a bare handler bundled the same way that only builds the SDK clients
 * (DynamoDB document client, Step Functions). Each handler sample is paired with a
 * baseline sample taken just before it, so the machine's load at that moment falls on
 * both; a handler's ratio is the median of its pairs' ratios.
 *
 *   npm run bench -- cold-start          (BENCH_COLD_SAMPLES tunes it, default 5 per handler;
 *                                         BENCH_COLD_ONLY=<regex> times only the matching handler files)
 *
 * The bundles import the AWS SDK from node_modules (a symlink next to them) where Lambda
 * has it in the runtime: the same SDK cost is in the baseline, so the ratio is the
 * handler's own code.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { handlerCatalog } from '../../lib/handler-catalog';
import { projectRoot } from '../support/twin-process';
import { atMost, emit, median, ms, result, setting, type FigureResult } from './measure';

const samples = setting('BENCH_COLD_SAMPLES', 5);
const maxBundleBytes = 500 * 1024;
const run = promisify(execFile);

// The same options NodejsFunction passes to esbuild for lib/constructs/handler-function.ts.
const createRequireBanner = "import { createRequire as platformCreateRequire } from 'node:module'; const require = platformCreateRequire(import.meta.url);";
async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*'],
    banner: { js: createRequireBanner },
    logLevel: 'warning',
    absWorkingDir: projectRoot,
  });
  return statSync(outfile).size;
}

const workDir = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
try {
  symlinkSync(join(projectRoot, 'node_modules'), join(workDir, 'node_modules'), 'dir');
  const bareSource = join(workDir, 'bare-handler.ts');
  writeFileSync(
    bareSource,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      "import { SFNClient } from '@aws-sdk/client-sfn';",
      'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });',
      'const stepFunctions = new SFNClient({});',
      'export const handler = async () => ({ clients: [typeof documents.send, typeof stepFunctions.send] });',
    ].join('\n'),
  );
  const timer = join(workDir, 'time-import.mjs');
  writeFileSync(
    timer,
    [
      "import { pathToFileURL } from 'node:url';",
      'const started = performance.now();',
      'const loaded = await import(pathToFileURL(process.argv[2]).href);',
      'const initMs = performance.now() - started;',
      "if (typeof loaded.handler !== 'function') throw new Error('no handler export');",
      'process.stdout.write(JSON.stringify({ initMs }));',
    ].join('\n'),
  );

  const bundles: Array<{ name: string; file: string; bytes: number }> = [];
  const baselineFile = join(workDir, 'baseline', 'index.mjs');
  mkdirSync(join(workDir, 'baseline'));
  const baselineBytes = await bundle(bareSource, baselineFile);
  const only = process.env.BENCH_COLD_ONLY ? new RegExp(process.env.BENCH_COLD_ONLY) : undefined;
  for (const [index, entry] of handlerCatalog().entries()) {
    if (only && !only.test(entry.handlerFile)) continue;
    const dir = join(workDir, `h${index}`);
    mkdirSync(dir);
    const file = join(dir, 'index.mjs');
    bundles.push({ name: entry.handlerFile, file, bytes: await bundle(join(projectRoot, entry.handlerFile), file) });
  }
  console.log(`bundled ${bundles.length} handlers and the baseline (${(baselineBytes / 1024).toFixed(1)} KB)`);

  // What a deployed function's environment names (values are placeholders: nothing is called at init).
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    TABLE_NAME: 'platform',
    NODE_OPTIONS: '--enable-source-maps',
  };
  const sample = async (file: string): Promise<number> => {
    const { stdout } = await run(process.execPath, [timer, file], { cwd: workDir, env });
    return (JSON.parse(stdout) as { initMs: number }).initMs;
  };
  const failures = new Map<string, string>();
  const times = new Map<string, number[]>(bundles.map((entry) => [entry.name, []]));
  const ratios = new Map<string, number[]>(bundles.map((entry) => [entry.name, []]));
  const baseline: number[] = [];
  for (let round = 0; round < samples; round += 1) {
    for (const entry of bundles) {
      if (failures.has(entry.name)) continue;
      // Paired: a baseline sample right before each handler sample, so that the machine's load
      // at that moment falls on both; the handler's ratio is the median of its pairs' ratios.
      const bare = await sample(baselineFile);
      baseline.push(bare);
      try {
        const initMs = await sample(entry.file);
        times.get(entry.name)!.push(initMs);
        ratios.get(entry.name)!.push(initMs / bare);
      } catch (error) {
        failures.set(entry.name, String((error as { stderr?: string }).stderr ?? error).split('\n').find((line) => /Error/.test(line)) ?? String(error));
      }
    }
    console.log(`round ${round + 1}/${samples} done`);
  }
  const baselineMs = median(baseline);
  console.log(`baseline (SDK clients only): median ${ms(baselineMs)} of ${baseline.length} samples, ${(baselineBytes / 1024).toFixed(1)} KB`);

  const rows = bundles
    .filter((entry) => !failures.has(entry.name))
    .map((entry) => ({ ...entry, initMs: median(times.get(entry.name)!), ratio: median(ratios.get(entry.name)!) }))
    .sort((a, b) => b.ratio - a.ratio);
  console.log(`${'handler'.padEnd(56)}  init (median)  ratio  bundle`);
  for (const [name, message] of failures) console.log(`${name.padEnd(56)}  FAILED TO LOAD: ${message}`);
  for (const row of rows) {
    const verdict = `${row.ratio <= 1.5 ? '' : 'MISS '}${row.bytes <= maxBundleBytes ? '' : 'TOO BIG'}`;
    console.log(`${row.name.padEnd(56)}  ${ms(row.initMs).padStart(13)}  ${row.ratio.toFixed(2).padStart(5)}  ${(row.bytes / 1024).toFixed(1).padStart(6)} KB  ${verdict}`);
  }

  const worst = rows[0]!;
  const largest = [...rows].sort((a, b) => b.bytes - a.bytes)[0]!;
  const results: FigureResult[] = [
    result(
      `cold start, worst of ${rows.length} handlers`,
      `${worst.name} ${ms(worst.initMs)} (median ${ms(baselineMs)} for the bare SDK-clients handler); ${rows.filter((row) => row.ratio > 1.5).length} over 1.5×; median of ${samples} paired samples in fresh processes`,
      worst.ratio,
      atMost(1.5),
    ),
    result(
      `bundle size, largest of ${rows.length} (KB ÷ 500 KB)`,
      `${largest.name} ${(largest.bytes / 1024).toFixed(1)} KB; ${rows.filter((row) => row.bytes > maxBundleBytes).length} over 500 KB`,
      largest.bytes / maxBundleBytes,
      atMost(1),
    ),
    // Every handler's ratio and size is in the table printed above; a handler that cannot load gets its own row.
    ...[...failures].map(([name, message]) => result(`cold start: ${name}`, `failed to load: ${message}`, Number.NaN, atMost(1.5))),
  ];
  emit(results);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
