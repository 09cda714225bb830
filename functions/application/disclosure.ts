/**
 * Monthly disclosure exports (信息披露): builds a closed month's export from the loan
 * book (../core/disclosure-figures.ts, ../core/disclosure-export.ts) and stores it
 * write-once in the document store under disclosures/{yyyy-mm}/{file}; the months
 * exported are indexed in the table (adapters/dynamodb/disclosure-index-repository.ts)
 * so listing them never lists the bucket.
 *
 * Immutable: every file is compared with what is stored before anything is written;
 * when all match nothing is written ('existing'); when one differs the whole run is
 * refused (DocumentConflictError, a 409) and nothing is overwritten. The manifest is
 * written last, so a manifest present means its files are complete.
 *
 * The month rows and vintage curves come from the counters the platform-figures stream
 * consumer keeps (disclosureCounters: a Query per month since the first lending and per
 * cohort), equal by construction to the loan book's reconstruction
 * (core/disclosure-figures.ts disclosureFiguresFromCounters): the loan book is never scanned.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { DocumentConflictError, DomainError, NotFoundError } from '../core/errors';
import { assertMonth, disclosureFiguresFromCounters, isClosedMonth, type DisclosureCounters } from '../core/disclosure-figures';
import { compliancePageFile, disclosureExport, exportFileNames, sha256Hex, type DisclosureManifest, type ExportFile, type HeadlineFigures, verifyAgainstManifest } from '../core/disclosure-export';
import type { PlatformFiguresReport } from '../core/platform-counters';
import { complianceSelfCheck, type CompliancePorts } from './compliance';
import { disclosureHeadline } from './disclosure-headline';
import type { DisclosureIndex, IndexEntry } from './ports/origination-disclosure';
import type { DocumentStore } from './ports/origination-documents';

export type { IndexEntry } from './ports/origination-disclosure';

export interface DisclosurePorts {
  readonly index: DisclosureIndex;
  readonly documents: () => DocumentStore;
  readonly figures: {
    /** The counters the platform-figures consumer keeps for the month's rows and vintage curves. */
    disclosureCounters(month: string): Promise<DisclosureCounters>;
    /** The platform's figures as they stood at the end of `month`. */
    monthEndFigures(filter: { from?: string; to?: string }, month: string): Promise<PlatformFiguresReport>;
  };
}

export const disclosureKey = (month: string, name: string): string => `disclosures/${month}/${name}`;

export class MonthNotClosedError extends DomainError {
  constructor(month: string) {
    super('unprocessable', `the month ${month} is not closed yet: its export can be generated from the 1st of the next month (Asia/Shanghai)`);
    this.name = 'MonthNotClosedError';
  }
}

/** What generating an export talks to: the disclosure's ports and the compliance self-check's, for the export's compliance page. */
export interface MonthExportPorts extends DisclosurePorts {
  readonly compliance: CompliancePorts;
}

/** The export's files for a closed month, computed now (not stored), with the compliance page given. */
async function buildMonthExport(ports: DisclosurePorts, month: string, compliancePage?: ExportFile): Promise<ExportFile[]> {
  const [counters, headline] = await Promise.all([ports.figures.disclosureCounters(month), disclosureHeadline(ports.figures, month)]);
  return disclosureExport({ figures: disclosureFiguresFromCounters(month, counters), headline }, compliancePage);
}

/**
 * The export's compliance page. Its evidence is read from the records as they stand (a
 * related party marked later, a loan repaid since), so it is the self-check as run when the
 * export was first generated: a re-run takes the stored page (or none, for an export made
 * before the page existed) instead of running the check again, and so finds the same bytes.
 */
async function compliancePageOf(ports: MonthExportPorts, month: string, at: Date, indexed: IndexEntry | undefined): Promise<ExportFile | undefined> {
  if (!indexed) return compliancePageFile(await complianceSelfCheck(ports.compliance, month, at));
  if (!indexed.manifest.files.some((file) => file.name === 'compliance.json')) return undefined;
  const bytes = await indexedFileBytes(ports, month, 'compliance.json');
  if (!bytes) throw new DocumentConflictError(disclosureKey(month, 'compliance.json'));
  return { name: 'compliance.json', contentType: 'application/json', bytes };
}

/**
 * A closed month's operating figures for the public (GET /v1/public/operating-figures/{month}):
 * the export's headline (flows of the month and cumulative, stocks at its end), aggregates
 * only, no personal data; the full export stays with auditors and admins.
 */
export async function publicOperatingFigures(ports: Pick<DisclosurePorts, 'figures'>, month: string, at: Date): Promise<HeadlineFigures & { readonly month: string }> {
  assertMonth(month);
  if (!isClosedMonth(month, businessDate(at, platformTimeZone))) throw new MonthNotClosedError(month);
  return { month, ...(await disclosureHeadline(ports.figures, month)) };
}

export interface GeneratedExport {
  readonly month: string;
  /** 'created' when this run stored the export; 'existing' when the same bytes were already stored. */
  readonly outcome: 'created' | 'existing';
  readonly manifest: DisclosureManifest;
}

/**
 * Generates and stores a closed month's export once; a re-run with the same bytes writes
 * nothing, with other bytes is refused. The table's index entry is consulted first, so
 * the bucket is only read at keys that exist (S3 answers 403, not 404, for a missing key
 * without s3:ListBucket, which no function has).
 */
export async function generateMonthExport(ports: MonthExportPorts, month: string, at: Date): Promise<GeneratedExport> {
  assertMonth(month);
  if (!isClosedMonth(month, businessDate(at, platformTimeZone))) throw new MonthNotClosedError(month);
  const indexed = await ports.index.exportIndexEntry(month);
  const files = await buildMonthExport(ports, month, await compliancePageOf(ports, month, at, indexed));
  const manifestFile = files.find((file) => file.name === 'manifest.json');
  if (!manifestFile) throw new Error('the export has no manifest');
  const manifest = JSON.parse(new TextDecoder().decode(manifestFile.bytes)) as DisclosureManifest;
  const manifestSha256 = sha256Hex(manifestFile.bytes);
  if (indexed) {
    if (indexed.manifestSha256 !== manifestSha256) throw new DocumentConflictError(disclosureKey(month, 'manifest.json'));
    const altered = await alteredFiles(ports, month, indexed);
    if (altered.length > 0) throw new DocumentConflictError(disclosureKey(month, altered[0] ?? 'manifest.json'));
    return { month, outcome: 'existing', manifest };
  }
  // Not indexed: the first run, or one that stopped before indexing. Conditional writes,
  // in order (the data files, then the manifest): same bytes pass, other bytes are refused.
  const store = ports.documents();
  let created = false;
  for (const file of files) {
    if ((await store.putOnce(disclosureKey(month, file.name), file.bytes, file.contentType)) === 'created') created = true;
  }
  await indexExport(ports, { month, manifest, manifestSha256, manifestBytes: manifestFile.bytes.byteLength, indexedAt: at.toISOString() });
  return { month, outcome: created ? 'created' : 'existing', manifest };
}

/** The files of a stored export that no longer match its manifest (missing, other length or digest), the manifest itself checked against the indexed digest. */
export async function alteredFiles(ports: DisclosurePorts, month: string, indexed: Pick<IndexEntry, 'manifest' | 'manifestSha256'>): Promise<string[]> {
  const stored = new Map<string, Uint8Array | undefined>();
  for (const entry of indexed.manifest.files) stored.set(entry.name, await indexedFileBytes(ports, month, entry.name));
  const manifestBytes = await indexedFileBytes(ports, month, 'manifest.json');
  const manifestAltered = !manifestBytes || sha256Hex(manifestBytes) !== indexed.manifestSha256;
  return [...verifyAgainstManifest(indexed.manifest, (name) => stored.get(name)), ...(manifestAltered ? ['manifest.json'] : [])];
}

/** Indexes the export once; an index entry written meanwhile must carry the same manifest. */
async function indexExport(ports: DisclosurePorts, entry: IndexEntry): Promise<void> {
  if (await ports.index.indexExport(entry)) return;
  const existing = await ports.index.exportIndexEntry(entry.month);
  if (existing?.manifestSha256 !== entry.manifestSha256) throw new DocumentConflictError(disclosureKey(entry.month, 'manifest.json'));
}

/** The months exported, newest first, each with its manifest. */
export const listMonthExports = (ports: Pick<DisclosurePorts, 'index'>): Promise<IndexEntry[]> => ports.index.listMonthExports();

/**
 * A file the index says was written; undefined when it is gone. S3 answers a missing key
 * with 403 AccessDenied to a role without s3:ListBucket, so that also means gone here.
 */
async function indexedFileBytes(ports: DisclosurePorts, month: string, name: string): Promise<Uint8Array | undefined> {
  try {
    return await ports.documents().get(disclosureKey(month, name));
  } catch (error) {
    if ((error as { name?: string }).name === 'AccessDenied') return undefined;
    throw error;
  }
}

/** A month's export as indexed (manifest and its digest), or a 404; the bucket is not read. */
export async function indexedExport(ports: DisclosurePorts, month: string): Promise<IndexEntry> {
  assertMonth(month);
  const entry = await ports.index.exportIndexEntry(month);
  if (!entry) throw new NotFoundError(`no disclosure export for ${month}`);
  return entry;
}

/** One file of a month's export, or a 404. */
export async function storedFile(ports: DisclosurePorts, month: string, name: string): Promise<{ bytes: Uint8Array; contentType: string; sha256: string }> {
  const { manifest } = await indexedExport(ports, month);
  const entry = name === 'manifest.json' ? { contentType: 'application/json' } : manifest.files.find((file) => file.name === name);
  if (!entry || !(exportFileNames as readonly string[]).includes(name)) throw new NotFoundError(`no file ${name} in the export of ${month}`);
  const bytes = await indexedFileBytes(ports, month, name);
  if (!bytes) throw new NotFoundError(`no file ${name} in the export of ${month}`);
  return { bytes, contentType: entry.contentType, sha256: sha256Hex(bytes) };
}
