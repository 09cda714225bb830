/** The collection cases (催收) as the overdue sweep, the reminders and the write-off use them. */
import type { CollectionAction, CollectionCase, CollectionStage } from '../../core/collection-case';
import type { OverdueBucket } from '../../core/overdue';

export interface CollectionCases {
  findCollectionCase(loanId: string): Promise<CollectionCase | undefined>;
  /** Opens the case once (with its OPENED action); false when it exists already. */
  openCollectionCase(opened: CollectionCase, by: string): Promise<boolean>;
  /** From one of `from` to `to`, logging `action`; false when it was not in `from`. With `clearAgeingAsOf`: 0 days, no bucket. */
  moveCollectionCase(loanId: string, from: readonly CollectionStage[], to: CollectionStage, action: CollectionAction, clearAgeingAsOf?: string): Promise<boolean>;
  /** The case's overdue days and bucket as of `today`, once a day. */
  recordCaseAgeing(loanId: string, today: string, overdueDays: number, bucket: OverdueBucket | undefined, at: Date): Promise<boolean>;
  /** Today's one reminder for the loan: true when this call may send it. */
  claimDailyReminder(loanId: string, today: string, at: Date): Promise<boolean>;
  logCollectionAction(action: CollectionAction): Promise<void>;
}
