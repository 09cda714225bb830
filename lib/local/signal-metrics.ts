/**
 * The twin's view of the metrics CloudWatch has on AWS (GET /_twin/metrics): what the
 * code records through functions/adapters/observability/metrics.ts (failure signals and
 * business metrics, EMF lines on AWS). The handlers run in the twin's process, so the
 * totals are this process's, in the namespace of functions/manifest/operational-signals.ts.
 */
import { observedMetrics } from '../../functions/adapters/observability/metrics';
import { metricsNamespace } from '../../functions/manifest/operational-signals';

export interface SignalMetrics {
  /** { namespace, metrics: { name: sum } } as of now. */
  snapshot(): { namespace: string; metrics: Record<string, number> };
}

export const signalMetrics: SignalMetrics = { snapshot: () => ({ namespace: metricsNamespace, metrics: observedMetrics() }) };
