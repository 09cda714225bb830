/**
 * The operational-signals port in memory: what a use case raised, counted and logged, so
 * a test can see that a money failure pages operations (and that a clean run does not).
 */
import type { BusinessMetric, FailureSignal, OperationalSignals, SignalAttributes } from '../../../functions/application/ports/operational-signals';

export class InMemorySignals implements OperationalSignals {
  readonly raised: Array<{ readonly signal: FailureSignal; readonly ids: SignalAttributes }> = [];
  readonly totals = new Map<BusinessMetric, number>();
  readonly errors: Array<{ readonly message: string; readonly attributes: SignalAttributes }> = [];

  readonly raise = (signal: FailureSignal, ids: SignalAttributes = {}): void => {
    this.raised.push({ signal, ids });
  };

  readonly count = (metric: BusinessMetric, value: number): void => {
    // The adapter's rule: a whole, non-negative count or amount in fen.
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`metric ${metric}: a whole, non-negative value, not ${value}`);
    this.totals.set(metric, (this.totals.get(metric) ?? 0) + value);
  };

  readonly logError = (message: string, attributes: SignalAttributes = {}): void => {
    this.errors.push({ message, attributes });
  };

  /** The names of the signals raised, in order. */
  signals(): FailureSignal[] {
    return this.raised.map((raised) => raised.signal);
  }

  total(metric: BusinessMetric): number {
    return this.totals.get(metric) ?? 0;
  }
}
