/**
 * The twin built once, for a run of many twins (the integration tier starts about 55): bin/twin.ts and
 * every handler in one esbuild run, the modules they share in common chunks, the npm packages left
 * to node_modules. A twin started from it (node <folder>/bin/twin.mjs) loads each handler built
 * (functions/…/x.mjs beside bin/twin.mjs) rather than through tsx's loader, which costs about
 * 0.6 s of CPU per start (2 cores, 2026-12-08: 1.4 s against 2.0 s to TWIN_READY). npm start runs
 * the sources through tsx; both run the same code.
 */
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pdfEngineSource, bundledPdfEngineFile } from '../../functions/adapters/documents/pdf-fonts';
import { handlerCatalog } from '../handler-catalog';
import { projectPath, projectRoot } from '../project-paths';

/** Where the twin's common chunks go; the PDF engine goes there too, beside the renderer's chunk that loads it. */
const chunkFolder = 'chunks';

export interface BuiltTwin {
  /** The twin's entry: run it with node, with bin/twin.ts's options. */
  readonly entry: string;
  remove(): Promise<void>;
}

export async function buildTwin(): Promise<BuiltTwin> {
  // Inside the project (node_modules/.cache), so that the build's imports of npm packages resolve to node_modules.
  const folder = await mkdtemp(projectPath('node_modules/.cache/twin-build-'));
  const built = await build({
    entryPoints: [
      'bin/twin.ts',
      ...handlerCatalog().map((entry) => entry.handlerFile),
      { in: pdfEngineSource, out: join(chunkFolder, bundledPdfEngineFile.replace(/\.mjs$/, '')) },
    ],
    absWorkingDir: projectRoot,
    outbase: '.',
    outdir: folder,
    outExtension: { '.js': '.mjs' },
    chunkNames: `${chunkFolder}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node24',
    metafile: true,
    logLevel: 'warning',
  });
  // The PDF document module looks for the engine beside itself (functions/adapters/documents/pdf-document.ts).
  const documentModule = Object.entries(built.metafile.outputs).find(([, output]) => Object.keys(output.inputs).some((input) => input.endsWith('pdf-document.ts')))?.[0];
  if (!documentModule?.includes(`/${chunkFolder}/`)) throw new Error(`the PDF document module was built into ${documentModule}, not beside the engine in ${chunkFolder}/`);
  return { entry: join(folder, 'bin', 'twin.mjs'), remove: () => rm(folder, { recursive: true, force: true }) };
}
