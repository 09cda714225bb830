/** In-loan monitoring of withdrawals (alerts for reviewers); never blocks the withdrawal. */
export interface WithdrawalMonitoring {
  monitorWithdrawal(userId: string, withdrawalId: string, amountFen: number, at: Date): Promise<void>;
}
