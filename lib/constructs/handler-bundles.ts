/**
 * The handlers' Lambda bundles, built by ONE esbuild run for the whole handler catalogue:
 * the modules the handlers share (the application layer, zod, luxon, Powertools…) are
 * parsed once. A bundle per function, each its own esbuild process as NodejsFunction
 * runs it, took about 80 s of a synthesis on the 2-core machine; the one run takes about 5.
 *
 * Each function's code is still its own asset, bundled the CDK way (local bundling of
 * that handler's folder of the run's output), so CDK skips it where bundling is skipped
 * (the `aws:cdk:bundling-stacks` context, as the template tests synthesize) and hashes
 * each asset by its output, as before.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions } from 'esbuild';
import { bundledFontFolder, bundledPdfEngineFile, pdfEngineSource, pdfFontFiles, pdfFontPackage } from '../../functions/adapters/documents/pdf-fonts';
import { projectPath, projectRoot } from '../project-paths';

/**
 * esbuild's ESM output has no `require`; CommonJS code inside dependencies that calls
 * require('node:…') needs one, so the bundle defines it first.
 */
const createRequireBanner = "import { createRequire as platformCreateRequire } from 'node:module'; const require = platformCreateRequire(import.meta.url);";

/**
 * How every handler is bundled: ESM for Node.js 24, minified, with a source map (without
 * the sources' text). The runtime's own AWS SDK v3 stays external: bundling it tripled every
 * bundle (~680 KB against the 500 KB goal in QUALITY.md); the twin and the tests run the
 * locked version, and the handlers use only long-stable operations of the clients.
 * The cold-start bench and the settings test bundle with these options too.
 */
export const handlerBuildOptions = {
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
} as const satisfies BuildOptions;

/**
 * The handlers that render a PDF (the contract at signing, an investor's statement, a
 * reschedule's supplementary agreement at acceptance, a debt transfer's agreement when the
 * transfer settles: by the custody callback, or by the daily reconciliation resolving a
 * purchase whose callback was lost): their code carries the CJK font files in fonts/, about
 * 20 MB, and the PDF engine's own bundle (functions/adapters/documents/pdf-fonts.ts), so only
 * these functions have them.
 */
export const pdfRenderingHandlers: ReadonlySet<string> = new Set([
  'functions/workflow/sign-loan-contract.ts',
  'functions/http/get-my-statement.ts',
  'functions/http/post-reschedule-response.ts',
  'functions/http/post-custody-callback.ts',
  'functions/schedules/daily-reconciliation.ts',
]);

/**
 * The most a handler's bundle (index.mjs) may weigh (docs/testing.md). A PDF renderer's engine,
 * pdf-lib and fontkit, is a file of its own beside it, loaded only when a document is written.
 * The CDK test and the cold-start bench both hold the bundles to it.
 */
export const maxHandlerBundleBytes = 500 * 1024;

/** A handler's folder in the run's output: functions/http/get-loan.ts → functions/http/get-loan/. */
const folderOf = (handlerFile: string) => handlerFile.replace(/\.ts$/, '');

export class HandlerBundles {
  private output: string | undefined;
  private readonly copied = new Set<string>();

  /** The handler files of the catalogue, all bundled by the first function whose asset is bundled. */
  constructor(private readonly handlerFiles: readonly string[]) {}

  /** The function code of one handler of the catalogue: `index.mjs` exporting `handler`, its source map, and the PDF engine and fonts where it renders PDFs. */
  code(handlerFile: string): lambda.Code {
    if (!this.handlerFiles.includes(handlerFile)) throw new Error(`${handlerFile} is not in the handler catalogue`);
    return lambda.Code.fromAsset(projectRoot, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never pulled: the local bundling below always answers.
        image: DockerImage.fromRegistry('dummy'),
        // Part of the bundling options, so each function's asset is its own when bundling is skipped.
        command: [handlerFile],
        local: {
          tryBundle: (outputDir: string) => {
            cpSync(join(this.bundled(), folderOf(handlerFile)), outputDir, { recursive: true });
            if (pdfRenderingHandlers.has(handlerFile)) {
              for (const file of [bundledPdfEngineFile, `${bundledPdfEngineFile}.map`]) cpSync(join(this.bundled(), file), join(outputDir, file));
              mkdirSync(join(outputDir, bundledFontFolder), { recursive: true });
              for (const file of Object.values(pdfFontFiles)) cpSync(projectPath(`node_modules/${pdfFontPackage}/${file}`), join(outputDir, bundledFontFolder, basename(file)));
            }
            this.copiedOut(handlerFile);
            return true;
          },
        },
      },
    });
  }

  /**
   * The run's output folder, built at the first call. It sits inside the project
   * (node_modules/.cache) so that the source maps' relative paths, and so the assets'
   * hashes, do not depend on a temporary folder's name. It goes once every handler's asset
   * has its copy, or else when the process exits.
   */
  private bundled(): string {
    if (this.output) return this.output;
    const output = projectPath(`node_modules/.cache/handler-bundles/${process.pid}-${Date.now()}`);
    this.removeOutput = () => rmSync(output, { recursive: true, force: true });
    process.once('exit', this.removeOutput);
    buildSync({
      ...handlerBuildOptions,
      entryPoints: [
        ...this.handlerFiles.map((file) => ({ in: projectPath(file), out: join(folderOf(file), 'index') })),
        // The PDF engine on its own (functions/adapters/documents/pdf-engine.ts): the renderers load it with their first document.
        { in: projectPath(pdfEngineSource), out: bundledPdfEngineFile.replace(/\.mjs$/, '') },
      ],
      outdir: output,
      outExtension: { '.js': '.mjs' },
    });
    this.output = output;
    return output;
  }

  private removeOutput = () => {};

  private copiedOut(handlerFile: string): void {
    this.copied.add(handlerFile);
    if (this.copied.size < this.handlerFiles.length) return;
    this.removeOutput();
    process.off('exit', this.removeOutput);
    // Gone: a later asset (none is expected) would build it again rather than copy from nothing.
    this.output = undefined;
  }
}
