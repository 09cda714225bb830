/**
 * The infra tier's run folder: every cloud assembly the tier synthesizes goes under it
 * (test/infra/support/platform.ts), and it is removed when the run ends, whichever
 * worker made them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const infraOutVariable = 'INFRA_CDK_OUT';

export default function globalSetup(): void {
  process.env[infraOutVariable] ??= mkdtempSync(join(tmpdir(), 'infra-cdk-run-'));
}
