/**
 * The twin's view of the metrics CloudWatch has on AWS (GET /_twin/metrics):
 * - what the code records through functions/adapters/observability/metrics.ts (EMF on
 *   AWS): the handlers run in this process, so its totals are this process's;
 * - failure signals still written as `{"alarm": "<Signal>", …}` lines, counted the way the
 *   stack's metric filters count log lines on AWS.
 * Both read the one list of signals (functions/manifest/operational-signals.ts).
 */
import { observedMetrics } from '../../functions/adapters/observability/metrics';
import { failureSignals, metricsNamespace } from '../../functions/manifest/operational-signals';

export interface SignalMetrics {
  /** { namespace, metrics: { name: sum } } as of now. */
  snapshot(): { namespace: string; metrics: Record<string, number> };
  stop(): void;
}

const signalNames: ReadonlySet<string> = new Set(failureSignals.map((signal) => signal.name));

export function startSignalMetrics(): SignalMetrics {
  const logLines = new Map<string, number>();
  const original = console.error;
  console.error = (...args: unknown[]) => {
    const signal = typeof args[0] === 'string' ? /"alarm":"(\w+)"/.exec(args[0])?.[1] : undefined;
    if (signal !== undefined && signalNames.has(signal)) logLines.set(signal, (logLines.get(signal) ?? 0) + 1);
    original.apply(console, args);
  };
  return {
    snapshot: () => {
      const metrics: Record<string, number> = { ...observedMetrics() };
      for (const [signal, count] of logLines) metrics[signal] = (metrics[signal] ?? 0) + count;
      return { namespace: metricsNamespace, metrics };
    },
    stop: () => {
      console.error = original;
    },
  };
}
