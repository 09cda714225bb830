/**
 * The observability adapters, for entry points (which may import the composition, not
 * adapters) and for the composition files that hand use cases their ports: failure
 * signals and business metrics (EMF), and the structured, redacting logger.
 */
export { recordBusinessMetric, recordFailure } from '../adapters/observability/metrics';
export { describeError, logError, logInfo, logWarning } from '../adapters/observability/logger';
