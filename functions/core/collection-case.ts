/**
 * A collection case (催收案件): one per overdue loan, its stage and ageing, and the
 * append-only log of what was done. Stored by adapters/dynamodb/collection-repository.ts.
 */
import type { OverdueBucket } from './overdue';

/** CURED: the loan caught up (nothing past due); the case reopens if it falls behind again. */
export const collectionStages = ['REMINDERS', 'LEGAL', 'DEFAULTED', 'WRITTEN_OFF', 'CURED'] as const;
export type CollectionStage = (typeof collectionStages)[number];

export const collectionActionKinds = ['OPENED', 'REMINDER_SENT', 'ESCALATED_TO_LEGAL', 'DEFAULTED', 'WRITTEN_OFF', 'RECOVERY_RECEIVED', 'RISK_RESERVE_DECISION', 'RISK_RESERVE_PAID', 'CURED', 'REOPENED'] as const;
export type CollectionActionKind = (typeof collectionActionKinds)[number];

export interface CollectionCase {
  readonly loanId: string;
  readonly borrowerId: string;
  readonly stage: CollectionStage;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly overdueDays: number;
  readonly overdueBucket?: OverdueBucket;
  readonly asOf: string;
  readonly lastReminderDate?: string;
  readonly remindersSent?: number;
}

export interface CollectionAction {
  readonly loanId: string;
  readonly kind: CollectionActionKind;
  readonly at: string;
  readonly by: string;
  /** What was done, with no personal data (a masked name at most). */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

