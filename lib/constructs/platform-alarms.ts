/**
 * The platform's alarms, each acting on the operations topic and linking its runbook
 * (./operations-monitoring.ts), built beside what they watch:
 * - one per failure signal of functions/manifest/operational-signals.ts (its EMF metric, ≥ 1 in 5 minutes);
 * - per function: errors and throttles; per stream consumer: iterator age; per dead-letter queue: depth;
 * - per state machine: failed, timed-out and aborted executions;
 * - the API: 5xx rate and p99 latency; the table: throttled requests and system errors.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { failureSignals, metricsNamespace, metricsService } from '../../functions/manifest/operational-signals';
import type { HandlerFunction } from './handler-function';
import { fiveMinutes, runbookOfSignal, type OperationsMonitoring } from './operations-monitoring';

const atLeastOnce = { threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD } as const;

/** The metric of a failure signal, as functions/adapters/observability/metrics.ts writes it. */
export function failureSignalMetric(signal: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: metricsNamespace, metricName: signal, dimensionsMap: { service: metricsService }, statistic: cloudwatch.Stats.SUM, period: fiveMinutes });
}

export function alarmOnFailureSignals(scope: Construct, operations: OperationsMonitoring): void {
  for (const signal of failureSignals) {
    operations.alarm(scope, `${signal.name}Alarm`, { summary: `${signal.meaning} (failure signal ${signal.name}, from ${signal.emittedBy}).`, runbook: runbookOfSignal(signal.name), metric: failureSignalMetric(signal.name), ...atLeastOnce });
  }
}

export function alarmOnFunction(handler: HandlerFunction, operations: OperationsMonitoring): void {
  const fn = handler.function;
  operations.alarm(handler, 'ErrorsAlarm', { summary: `${handler.handlerFile} failed (uncaught error or timeout).`, runbook: 'function-errors', metric: fn.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }), ...atLeastOnce });
  operations.alarm(handler, 'ThrottlesAlarm', { summary: `${handler.handlerFile} was throttled (account or reserved concurrency reached).`, runbook: 'function-throttles', metric: fn.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }), ...atLeastOnce });
}

export function alarmOnStreamConsumer(handler: HandlerFunction, deadLetters: sqs.IQueue, operations: OperationsMonitoring): void {
  operations.alarm(handler, 'IteratorAgeAlarm', {
    summary: `${handler.handlerFile} is more than 5 minutes behind the table stream (records expire after a day, then go to its dead-letter queue).`,
    runbook: 'stream-iterator-age',
    metric: handler.function.metric('IteratorAge', { period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: Duration.minutes(5).toMilliseconds(),
    evaluationPeriods: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
  operations.alarm(handler, 'DeadLettersAlarm', {
    summary: `A batch of table changes that ${handler.handlerFile} could not process is in its dead-letter queue.`,
    runbook: 'stream-dead-letters',
    metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM }),
    ...atLeastOnce,
  });
}

export function alarmOnStateMachine(scope: Construct, name: string, machine: sfn.IStateMachine, operations: OperationsMonitoring): void {
  const outcomes = { Failed: machine.metricFailed.bind(machine), TimedOut: machine.metricTimedOut.bind(machine), Aborted: machine.metricAborted.bind(machine) };
  for (const [outcome, metric] of Object.entries(outcomes)) {
    operations.alarm(scope, `Executions${outcome}Alarm`, {
      summary: `An execution of the ${name} workflow ended ${outcome === 'TimedOut' ? 'timed out' : outcome.toLowerCase()}.`,
      runbook: 'workflow-executions-failed',
      metric: metric({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
      ...atLeastOnce,
    });
  }
}

export function alarmOnApi(scope: Construct, api: apigw.IHttpApi, operations: OperationsMonitoring): void {
  const period = fiveMinutes;
  operations.alarm(scope, 'ServerErrorRateAlarm', {
    summary: 'More than 1% of API requests answered 5xx for 15 minutes.',
    runbook: 'api-5xx-rate',
    metric: new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: api.metricServerError({ period, statistic: cloudwatch.Stats.SUM }), requests: api.metricCount({ period, statistic: cloudwatch.Stats.SUM }) },
      period,
      label: '5xx rate (%)',
    }),
    threshold: 1,
    evaluationPeriods: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
  operations.alarm(scope, 'LatencyP99Alarm', {
    summary: "The API's p99 latency was above 3 seconds for 15 minutes.",
    runbook: 'api-p99-latency',
    metric: api.metricLatency({ period, statistic: cloudwatch.Stats.p(99) }),
    threshold: 3_000,
    evaluationPeriods: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  });
}

/** The operations the adapters use (functions/adapters/dynamodb), for the per-operation table metrics (≤ 10 per alarm). */
const tableOperations = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchWriteItem', 'TransactWriteItems', 'TransactGetItems'];

export function alarmOnTable(scope: Construct, table: dynamodb.ITable, operations: OperationsMonitoring): void {
  operations.alarm(scope, 'TableThrottlesAlarm', {
    summary: 'Requests to the platform table were throttled.',
    runbook: 'table-throttles',
    metric: table.metricThrottledRequestsForOperations({ operations: tableOperations as dynamodb.Operation[], period: fiveMinutes }),
    ...atLeastOnce,
  });
  operations.alarm(scope, 'TableSystemErrorsAlarm', {
    summary: 'DynamoDB answered requests to the platform table with system errors (HTTP 500).',
    runbook: 'table-system-errors',
    metric: table.metricSystemErrorsForOperations({ operations: tableOperations as dynamodb.Operation[], period: fiveMinutes }),
    ...atLeastOnce,
  });
}
