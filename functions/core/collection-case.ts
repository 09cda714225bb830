/**
 * A collection case (催收) of an overdue loan: the stages it moves through and the
 * actions it records. CURED: the loan caught up (nothing past due); the case reopens if
 * it falls behind again.
 */
export const collectionStages = ['REMINDERS', 'LEGAL', 'DEFAULTED', 'WRITTEN_OFF', 'CURED'] as const;
export type CollectionStage = (typeof collectionStages)[number];

export const collectionActionKinds = ['OPENED', 'REMINDER_SENT', 'ESCALATED_TO_LEGAL', 'DEFAULTED', 'WRITTEN_OFF', 'RECOVERY_RECEIVED', 'RISK_RESERVE_DECISION', 'RISK_RESERVE_PAID', 'CURED', 'REOPENED'] as const;
export type CollectionActionKind = (typeof collectionActionKinds)[number];
