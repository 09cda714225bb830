/**
 * One CloudWatch dashboard for operations: the API (requests, 5xx, p99 latency), the
 * workflows (started, succeeded, failed), money flows (bids, amount disbursed, repayments
 * received), overdue installments and reconciliation differences, and the failure signals.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { businessMetrics, failureSignals, metricsNamespace, metricsService } from '../../functions/manifest/operational-signals';
import { failureSignalMetric } from './platform-alarms';
import { fiveMinutes } from './operations-monitoring';

export interface OperationsDashboardProps {
  readonly api: apigw.IHttpApi;
  readonly workflows: ReadonlyArray<{ readonly name: string; readonly stateMachine: sfn.IStateMachine }>;
}

const businessMetric = (name: string, period = fiveMinutes) =>
  new cloudwatch.Metric({ namespace: metricsNamespace, metricName: name, dimensionsMap: { service: metricsService }, statistic: cloudwatch.Stats.SUM, period });

export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const period = fiveMinutes;
    const metricOf = (name: string) => businessMetric(name, period);
    const money = businessMetrics.filter((metric) => metric.unit === 'Fen').map((metric) => metricOf(metric.name));
    const counts = businessMetrics.filter((metric) => metric.unit === 'Count').map((metric) => metricOf(metric.name));
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'API requests and 5xx', left: [props.api.metricCount({ period })], right: [props.api.metricServerError({ period })], width: 8 }),
          new cloudwatch.GraphWidget({ title: 'API latency p99 (ms)', left: [props.api.metricLatency({ period, statistic: cloudwatch.Stats.p(99) })], width: 8 }),
          new cloudwatch.GraphWidget({
            title: 'Workflow executions failed, timed out, aborted',
            left: props.workflows.flatMap(({ name, stateMachine }) => [
              stateMachine.metricFailed({ period, label: `${name} failed` }),
              stateMachine.metricTimedOut({ period, label: `${name} timed out` }),
              stateMachine.metricAborted({ period, label: `${name} aborted` }),
            ]),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Money flows (fen)', left: money, width: 8 }),
          new cloudwatch.GraphWidget({ title: 'Bids, overdue installments, reconciliation differences', left: counts, width: 8 }),
          new cloudwatch.GraphWidget({ title: 'Failure signals', left: failureSignals.map((signal) => failureSignalMetric(signal.name)), width: 8 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Workflow executions started and succeeded',
            left: props.workflows.flatMap(({ name, stateMachine }) => [stateMachine.metricStarted({ period, label: `${name} started` }), stateMachine.metricSucceeded({ period, label: `${name} succeeded` })]),
            width: 12,
          }),
          new cloudwatch.SingleValueWidget({
            title: 'Last 24 hours: disbursed and repaid (fen)',
            metrics: businessMetrics.filter((metric) => metric.unit === 'Fen').map((metric) => businessMetric(metric.name, Duration.days(1))),
            width: 12,
          }),
        ],
      ],
    });
  }
}
