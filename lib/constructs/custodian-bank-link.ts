/**
 * The platform's link to its custodian bank (资金存管) on AWS:
 *
 * - the HMAC secret shared with the bank, a Secrets Manager secret generated at
 *   deploy time that the operator sets to the value agreed with the bank; only the
 *   functions whose manifest entries ask for `custodian-bank:secret` may read it
 *   (lib/resource-grants.ts);
 * - the bank's base URL, from the CDK context value `custodianBankUrl`;
 * - the ReconciliationDifference alarm (alarmOnReconciliationDifferences): a metric filter on the daily reconciliation
 *   job's log group counts its `{"alarm":"ReconciliationDifference",…}` lines, and a
 *   CloudWatch alarm goes off on the first one.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { OperationsMonitoring } from './operations-monitoring';

export const reconciliationMetric = { namespace: 'P2pLending/Custody', name: 'ReconciliationDifferences' } as const;

export class CustodianBankLink extends Construct {
  readonly sharedSecret: secretsmanager.Secret;
  /** Undefined until the operator names the bank (context `custodianBankUrl`): handlers then fail fast naming CUSTODIAN_BANK_URL. */
  readonly url: string | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.sharedSecret = new secretsmanager.Secret(this, 'SharedSecret', {
      description: 'HMAC-SHA256 secret shared with the custodian bank: signs instructions, verifies its callbacks; set to the value agreed with the bank',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.sharedSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The custodian bank holds the same HMAC secret: a rotation Lambda cannot change the bank side, so the operator rotates it with the bank on an agreed date and updates the value here; handlers re-read it within five minutes.',
    });
    const url: unknown = this.node.tryGetContext('custodianBankUrl');
    this.url = typeof url === 'string' && url !== '' ? url : undefined;
  }
}

/**
 * The alarm on reconciliation differences, from the reconciliation job's log group; built
 * in the stateless stack (`scope`), beside the job, never in the stateful one.
 */
export function alarmOnReconciliationDifferences(scope: Construct, reconciliationLogs: logs.ILogGroup, operations: OperationsMonitoring): cloudwatch.Alarm {
  const filter = new logs.MetricFilter(scope, 'ReconciliationDifferenceFilter', {
    logGroup: reconciliationLogs,
    // A term match: the line is found whether Lambda's JSON log format keeps it as a string or an object.
    filterPattern: logs.FilterPattern.allTerms('ReconciliationDifference'),
    metricNamespace: reconciliationMetric.namespace,
    metricName: reconciliationMetric.name,
    metricValue: '1',
  });
  return operations.alarm(scope, 'ReconciliationDifferenceLogLineAlarm', {
    summary: "The daily reconciliation job logged differences between the ledger and the custodian bank's statement: see GET /v1/reconciliations/{businessDate}.",
    runbook: 'reconciliation-difference',
    metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.hours(1) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
