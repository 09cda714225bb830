/**
 * Where the project's files are, for the CDK app and the twin: handler entries and state
 * machine definitions are named in the manifests relative to the project root.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the nearest package.json above a module: the project root, from its
 * source (lib/, bin/) or from the twin's build for the integration tier (node_modules/.cache/).
 */
export function projectRootAbove(moduleUrl: string): string {
  for (let folder = dirname(fileURLToPath(moduleUrl)); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${moduleUrl}`);
  }
}

export const projectRoot = projectRootAbove(import.meta.url);

/** A manifest path (functions/http/get-health.ts, statemachines/x.asl.json) as an absolute path. */
export function projectPath(relativePath: string): string {
  if (isAbsolute(relativePath)) throw new Error(`manifest paths are relative to the project root, not ${relativePath}`);
  return join(projectRoot, relativePath);
}
