/**
 * Stream consumer `platform-figures` (functions/manifest/streams.ts): keeps the counters that
 * GET /v1/stats and the monthly disclosure read, from the table's changes, each counted
 * exactly once (functions/application/platform-figures-projection.ts). A record that cannot
 * be applied is reported; it and those after it come again.
 */
import { projectPlatformFigures, type FiguresStreamRecord } from '../application/platform-figures-projection';
import { platformFigures } from '../composition/platform-figures';

export async function handler(event: { Records: readonly FiguresStreamRecord[] }): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> {
  const { failedFrom } = await projectPlatformFigures(platformFigures, event.Records);
  return { batchItemFailures: failedFrom === undefined ? [] : [{ itemIdentifier: failedFrom }] };
}
