/**
 * Where the project's files are, for the CDK app: handler entries and state machine
 * definitions are named in the manifests relative to the project root.
 */
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** A manifest path (functions/http/get-health.ts, statemachines/x.asl.json) as an absolute path. */
export function projectPath(relativePath: string): string {
  if (isAbsolute(relativePath)) throw new Error(`manifest paths are relative to the project root, not ${relativePath}`);
  return join(projectRoot, relativePath);
}
