/** The months exported, indexed in the table so listing them never lists the bucket (adapters/dynamodb/disclosure-index-repository.ts). */
import type { DisclosureManifest } from '../../core/disclosure-export';

export interface IndexEntry {
  readonly month: string;
  readonly manifest: DisclosureManifest;
  readonly manifestSha256: string;
  readonly manifestBytes: number;
  readonly indexedAt: string;
}

export interface DisclosureIndex {
  exportIndexEntry(month: string): Promise<IndexEntry | undefined>;
  /** Indexes the month once: false when it was indexed before. */
  indexExport(entry: IndexEntry): Promise<boolean>;
  /** The months exported, newest first. */
  listMonthExports(): Promise<IndexEntry[]>;
}
