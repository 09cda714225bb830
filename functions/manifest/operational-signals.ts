/**
 * The platform's operational signals, one declarative list read by the code that emits
 * them (functions/adapters/observability/metrics.ts), by CDK (one alarm per failure
 * signal, the dashboard: lib/constructs/operations-monitoring.ts) and by the twin
 * (GET /_twin/metrics). Each is a CloudWatch metric in the `P2pLending` namespace,
 * written in embedded metric format with the dimension service=p2p-lending.
 */
export const metricsNamespace = 'P2pLending';
export const metricsService = 'p2p-lending';

export interface FailureSignal {
  readonly name: string;
  /** What went wrong, for the alarm's description. */
  readonly meaning: string;
  /** Who emits it (for operators reading the runbook). */
  readonly emittedBy: string;
}

/** Money or audit gone wrong: each one pages operations (threshold: one occurrence). */
export const failureSignals = [
  { name: 'DisbursementFailed', meaning: 'The custodian bank declined or never confirmed a loan disbursement; the loan is DISBURSEMENT_FAILED and its investors\' funds are released', emittedBy: 'functions/application/loan-events.ts (the workflow\'s FAIL_DISBURSEMENT)' },
  { name: 'AutoDebitFailed', meaning: "An installment's auto-debit from the borrower's sub-account failed at the bank", emittedBy: 'functions/workflow/collect-due.ts' },
  { name: 'CustodyCallbackMismatch', meaning: "A signed bank callback names an instruction whose amount or parties differ from the platform's record", emittedBy: 'functions/application/custody.ts' },
  { name: 'CustodyCallbackContradiction', meaning: 'A bank callback contradicts an outcome already recorded (e.g. FAILED after SUCCEEDED)', emittedBy: 'functions/application/{custody,repayment,risk-reserve-compensation}.ts' },
  { name: 'RiskReservePaymentFailed', meaning: 'A compensation from the risk reserve to investors of a defaulted loan could not be paid', emittedBy: 'functions/application/{risk-reserve-compensation,overdue-sweep}.ts' },
  { name: 'DisbursementConfirmedLate', meaning: "The bank confirmed a disbursement after the platform had given up waiting (timeout): money moved for a loan the platform treats as failed", emittedBy: 'functions/application/disbursement.ts' },
  { name: 'ReconciliationDifference', meaning: "The daily reconciliation found differences between the ledger and the custodian bank's statement", emittedBy: 'functions/application/custody.ts (daily reconciliation)' },
  { name: 'AuditChainBreak', meaning: 'The audit hash chain does not verify: an event altered, missing or out of order', emittedBy: 'functions/application/audit-verification.ts (the daily audit-verification schedule) and functions/application/audit-events.ts (GET /v1/audit verifies every page it serves); npm run audit:verify checks the whole chain' },
] as const satisfies readonly FailureSignal[];

export type FailureSignalName = (typeof failureSignals)[number]['name'];

export interface BusinessMetric {
  readonly name: string;
  /** Count, or fen (CloudWatch unit None: integer minor units of CNY). */
  readonly unit: 'Count' | 'Fen';
  readonly meaning: string;
}

/** What the business looks like, for the dashboard. */
export const businessMetrics = [
  { name: 'BidsPlaced', unit: 'Count', meaning: 'Bids accepted on listings, manual and automatic' },
  { name: 'AmountDisbursedFen', unit: 'Fen', meaning: 'Principal disbursed to borrowers, in fen' },
  { name: 'RepaymentsReceived', unit: 'Count', meaning: 'Repayments the custodian bank confirmed' },
  { name: 'RepaymentsReceivedFen', unit: 'Fen', meaning: 'Repayments received from borrowers, in fen' },
  { name: 'OverdueInstallments', unit: 'Count', meaning: 'Installments the overdue sweep found overdue' },
  { name: 'ReconciliationDifferences', unit: 'Count', meaning: 'Differences found by the daily reconciliation' },
  { name: 'TransfersSettled', unit: 'Count', meaning: 'Debt transfers (债权转让) the custodian bank settled' },
  { name: 'TransfersSettledFen', unit: 'Fen', meaning: 'Debt transfers settled, at their price, in fen' },
] as const satisfies readonly BusinessMetric[];

export type BusinessMetricName = (typeof businessMetrics)[number]['name'];
