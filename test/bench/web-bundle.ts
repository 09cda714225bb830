/**
 * The site's JavaScript as a first visit loads it, read from Vite's build manifest
 * (web/dist/.vite/manifest.json with `build.manifest`): the initial load is the entry chunk
 * index.html runs and every chunk it imports statically (the modulepreload links Vite puts
 * in index.html); each lazy route (a dynamic import of the entry) adds its own chunk and the
 * shared chunks it imports that the initial load does not already hold.
 */

/** One chunk of Vite's manifest (the fields used here). */
export interface ManifestChunk {
  readonly file: string;
  readonly name?: string;
  readonly src?: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
}

export type Manifest = Readonly<Record<string, ManifestChunk>>;

export interface LoadedFiles {
  /** The output files (e.g. assets/index-abc.js), first the chunk itself. */
  readonly files: readonly string[];
  /** Their sizes added up, as `size` measures each file (gzipped, in the bench). */
  readonly bytes: number;
}

export interface BundleReport {
  readonly initial: LoadedFiles;
  /** Each lazy route's chunk by its source (e.g. src/pages/Loan.tsx): what navigating there fetches. */
  readonly routes: ReadonlyArray<LoadedFiles & { readonly route: string }>;
}

/** The manifest keys `key` loads before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Manifest, key: string, into: Set<string> = new Set()): Set<string> {
  if (into.has(key)) return into;
  if (!manifest[key]) throw new Error(`the manifest has no chunk ${key}`);
  into.add(key);
  for (const imported of manifest[key].imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

export function bundleReport(manifest: Manifest, size: (file: string) => number): BundleReport {
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry chunk (index.html), found ${entries.length}: ${entries.join(', ')}`);
  const entry = entries[0]!;
  const loaded = (keys: Iterable<string>): LoadedFiles => {
    const files = [...keys].map((key) => manifest[key]!.file);
    return { files, bytes: files.reduce((sum, file) => sum + size(file), 0) };
  };
  const initialKeys = staticClosure(manifest, entry);
  const routes = (manifest[entry]!.dynamicImports ?? []).map((route) => ({
    route,
    ...loaded([...staticClosure(manifest, route)].filter((key) => !initialKeys.has(key))),
  }));
  return { initial: loaded(initialKeys), routes };
}
