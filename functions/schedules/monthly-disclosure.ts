/**
 * Monthly disclosure (the 1st, 03:00 Asia/Shanghai): writes the export of the month
 * just closed (functions/application/disclosure.ts): figures.csv, figures.json,
 * report.html, compliance.json (the regulator's view of the month) and manifest.json under disclosures/{yyyy-mm}/. A re-run finds the same
 * bytes and writes nothing; different bytes for a stored month are refused.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { previousMonth } from '../core/disclosure-figures';
import { generateMonthExport } from '../application/disclosure';
import { monthExport } from '../composition/month-export';
import { scheduledJob } from '../adapters/runtime/scheduled-job';

export const handler = scheduledJob('monthly-disclosure', async (scheduledTime) => {
  const month = previousMonth(businessDate(scheduledTime, platformTimeZone));
  const generated = await generateMonthExport(monthExport, month, scheduledTime);
  return { month, outcome: generated.outcome, files: generated.manifest.files.map((file) => ({ name: file.name, sha256: file.sha256, bytes: file.bytes })) };
});
