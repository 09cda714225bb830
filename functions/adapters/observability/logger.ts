/**
 * The platform's logger: Powertools for AWS Lambda Logger, structured JSON, with the
 * work's correlation id (API Gateway's request id, a workflow execution's name, a
 * scheduled run's id: adapters/runtime/request-context.ts) on every line, and personal
 * data redacted from every line (./personal-data-redaction.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { metricsService } from '../../manifest/operational-signals';
import { currentRequestContext } from '../runtime/request-context';
import { redactPersonalData, redactText } from './personal-data-redaction';

export const logger = new Logger({ serviceName: metricsService, jsonReplacerFn: redactPersonalData });

export type LogAttributes = Readonly<Record<string, unknown>>;

const withCorrelation = (attributes: LogAttributes) => {
  const correlationId = currentRequestContext()?.requestId;
  return correlationId === undefined ? attributes : { correlationId, ...attributes };
};

/** Something went wrong that operators must see; `attributes` carry ids, never personal data (it is redacted regardless). */
export function logError(message: string, attributes: LogAttributes = {}): void {
  logger.error(redactText(message), withCorrelation(attributes));
}

export function logWarning(message: string, attributes: LogAttributes = {}): void {
  logger.warn(redactText(message), withCorrelation(attributes));
}

export function logInfo(message: string, attributes: LogAttributes = {}): void {
  logger.info(redactText(message), withCorrelation(attributes));
}

/** An error's name and message, redacted, for a log attribute. */
export function describeError(error: unknown): { errorName: string; error: string } {
  return error instanceof Error ? { errorName: error.name, error: redactText(error.message) } : { errorName: 'Unknown', error: redactText(String(error)) };
}
