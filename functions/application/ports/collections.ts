/** The collection case's log, as repayment (recoveries) and compensation write it. */
export interface CollectionLog {
  /** A repayment of a defaulted or written-off loan (回收), logged once. */
  recordRecovery(loanId: string, repaymentId: string, amountFen: number, at: Date): Promise<void>;
  logCollectionAction(action: { readonly loanId: string; readonly kind: 'RISK_RESERVE_PAID'; readonly at: string; readonly by: string; readonly detail?: Readonly<Record<string, string | number | boolean>> }): Promise<void>;
}
