/**
 * The composition of accepting a reschedule (application/rescheduling.ts respondToReschedule):
 * the records, the supplementary agreement's renderer (pdf-lib is evaluated when a PDF is first
 * rendered, not at init), the document store and the e-signature service.
 */
import type { ReschedulingPorts } from '../application/rescheduling';
import type { SupplementaryAgreement } from '../core/supplementary-agreement';
import { documentStore } from '../adapters/documents/document-store';
import { eSignature } from '../adapters/documents/e-signature';
import { rescheduleRecords } from './rescheduling';

export const rescheduling: ReschedulingPorts = {
  ...rescheduleRecords,
  renderer: {
    renderSupplementaryAgreementPdf: async (agreement: SupplementaryAgreement) => (await import('../adapters/documents/supplementary-agreement-pdf')).renderSupplementaryAgreementPdf(agreement),
  },
  documents: documentStore,
  signer: eSignature,
};
