/**
 * Generating a month's disclosure export (the monthly job, POST /v1/disclosures/{month}): the
 * disclosure's ports and, for the export's compliance page, the self-check's. Its own module, so
 * that the routes which only read the index or run the self-check do not carry the document store.
 */
import type { MonthExportPorts } from '../application/disclosure';
import { compliance, disclosure } from './disclosure';

export const monthExport: MonthExportPorts = { ...disclosure, compliance };
