/** What the compliance self-check (application/compliance.ts) reads from the records. */
import type { BorrowerProfile, ComplianceLoan } from '../../core/compliance';

export interface ComplianceRecords {
  /** The reconciliation reports of these business dates that exist. */
  reconciliations(dates: readonly string[]): Promise<readonly { readonly businessDate: string; readonly status: 'BALANCED' | 'DIFFERENCES' }[]>;
  /** Every loan, with the fields the rules read, and every collection reminder sent (id, time). */
  loanBook(): Promise<{ readonly loans: readonly ComplianceLoan[]; readonly collectionContacts: readonly { readonly id: string; readonly at: string }[] }>;
  /** What the profiles of these users say (a related party, a staff account, a birth date), by user id. */
  borrowers(userIds: readonly string[]): Promise<ReadonlyMap<string, BorrowerProfile>>;
}
