/** The composition of the monthly disclosure: the exports' index, the document store, the platform-figures counters. */
import type { CompliancePorts } from '../application/compliance';
import type { DisclosurePorts } from '../application/disclosure';
import { complianceRecords } from '../adapters/dynamodb/compliance-repository';
import { policy } from '../settings/settings';
import * as index from '../adapters/dynamodb/disclosure-index-repository';
import { disclosureCounters, monthEndFigures } from '../adapters/dynamodb/platform-figures-repository';
import { documentStore } from '../adapters/documents/document-store';

export const disclosure: DisclosurePorts = {
  index,
  documents: documentStore,
  figures: { disclosureCounters: (month) => disclosureCounters(month), monthEndFigures: (filter, month) => monthEndFigures(filter, month) },
};

/** The compliance self-check's records and the policy values its rules read. */
export const compliance: CompliancePorts = { records: complianceRecords, policy };

/** The exports' index alone (GET /v1/disclosures reads no file). */
export const disclosureIndex: Pick<DisclosurePorts, 'index'> = { index };
