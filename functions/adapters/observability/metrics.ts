/**
 * The platform's metrics: Powertools for AWS Lambda Metrics, CloudWatch embedded metric
 * format (one JSON line per data point, turned into metrics by CloudWatch Logs, so no
 * PutMetricData call and no extra permission), in the namespace and with the service
 * dimension of functions/manifest/operational-signals.ts, which the alarms and the
 * dashboard read too.
 *
 * - recordFailure(signal, ids): the failure signal's metric (1) and an ERROR log line
 *   `{"alarm": signal, …ids}` with the correlation id, for the runbook's first look.
 * - recordBusinessMetric(name, value): a count or an amount in fen.
 * Every data point is also kept in this process's totals (observedMetrics), which the
 * twin serves at GET /_twin/metrics.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { businessMetrics, metricsNamespace, metricsService, type BusinessMetricName, type FailureSignalName } from '../../manifest/operational-signals';
import { logError, type LogAttributes } from './logger';

const metrics = new Metrics({ namespace: metricsNamespace, serviceName: metricsService });
const totals = new Map<string, number>();

function emit(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): void {
  const single = metrics.singleMetric();
  single.addMetric(name, unit, value); // a single metric is written at once
  totals.set(name, (totals.get(name) ?? 0) + value);
}

export function recordFailure(signal: FailureSignalName, ids: LogAttributes = {}): void {
  logError(signal, { alarm: signal, ...ids });
  emit(signal, MetricUnit.Count, 1);
}

export function recordBusinessMetric(name: BusinessMetricName, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`metric ${name}: a whole, non-negative value, not ${value}`);
  const unit = businessMetrics.find((metric) => metric.name === name)!.unit === 'Fen' ? MetricUnit.NoUnit : MetricUnit.Count;
  emit(name, unit, value);
}

/** Every metric this process has recorded since it started (or since resetObservedMetrics), summed. */
export function observedMetrics(): Record<string, number> {
  return Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)));
}

export function resetObservedMetrics(): void {
  totals.clear();
}
