/** Removes the infra tier's run folder (test/infra/support/global-setup.ts). */
import { rmSync } from 'node:fs';
import { infraOutVariable } from './global-setup';

export default function globalTeardown(): void {
  const folder = process.env[infraOutVariable];
  if (folder) rmSync(folder, { recursive: true, force: true });
}
