/** In-loan monitoring (贷后监控) as the withdrawal use case calls it: never throws, never blocks the withdrawal. */
export type WithdrawalMonitor = (userId: string, withdrawalId: string, amountFen: number, at: Date) => Promise<void>;
