/**
 * What use cases tell operations (docs/operations.md, "Alarms"): a failure signal (a
 * metric whose alarm pages someone, with the ids of what went wrong on its log line), a
 * business metric (a count or an amount in fen, for the dashboard), an error worth a log
 * line. Implemented by the observability adapter (Powertools Metrics and Logger: CloudWatch
 * embedded metric format on AWS, GET /_twin/metrics on the twin).
 *
 * The names are those of functions/manifest/operational-signals.ts, which the alarms and
 * the dashboard read: the composition (functions/composition/observability.ts) hands the
 * adapter in as this port, which compiles only while every name here is in the manifest.
 * Attributes carry ids and figures, never personal data (the adapter redacts it regardless).
 */
export type FailureSignal =
  | 'DisbursementFailed'
  | 'AutoDebitFailed'
  | 'CustodyCallbackMismatch'
  | 'CustodyCallbackContradiction'
  | 'RiskReservePaymentFailed'
  | 'DisbursementConfirmedLate'
  | 'ReconciliationDifference'
  | 'AuditChainBreak';

export type BusinessMetric = 'BidsPlaced' | 'AmountDisbursedFen' | 'RepaymentsReceived' | 'RepaymentsReceivedFen' | 'OverdueInstallments' | 'ReconciliationDifferences' | 'TransfersSettled' | 'TransfersSettledFen';

export type SignalAttributes = Readonly<Record<string, unknown>>;

export interface OperationalSignals {
  /** Money or audit gone wrong: the signal's metric (1), which pages operations, and an ERROR line with `ids`. */
  readonly raise: (signal: FailureSignal, ids?: SignalAttributes) => void;
  /** A business metric: a whole, non-negative count or amount in fen. */
  readonly count: (metric: BusinessMetric, value: number) => void;
  /** An error operators should see in the logs that pages no one (a retried batch, a skipped check). */
  readonly logError: (message: string, attributes?: SignalAttributes) => void;
}
