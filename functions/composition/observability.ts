/**
 * The observability adapters, for entry points (which may import the composition, not
 * adapters) and for the composition files that hand use cases their ports: the
 * operational-signals port (failure signals and business metrics in EMF, error lines)
 * and the structured, redacting logger.
 */
import type { OperationalSignals } from '../application/ports/operational-signals';
import { recordBusinessMetric, recordFailure } from '../adapters/observability/metrics';
import { logError } from '../adapters/observability/logger';

/** Typed as the port: this compiles only while every name the port declares is in functions/manifest/operational-signals.ts. */
export const signals: OperationalSignals = { raise: recordFailure, count: recordBusinessMetric, logError };

export { describeError, logError, logInfo, logWarning } from '../adapters/observability/logger';
