/**
 * Paging operations: one SNS topic every alarm acts on (an email address and/or an https
 * endpoint given at deploy: `-c operationsEmail=… -c operationsEndpoint=https://…`), and
 * alarms that each say what fired and link their runbook (docs/runbooks/<runbook>.md).
 * The topic's key lets CloudWatch publish to it (an AWS-managed SNS key would not).
 *
 * Alarms are built beside what they watch (a function's in its nested stack, a state
 * machine's in the workflows stack) through `alarm()`, so that none crosses a stack for
 * more than the topic's ARN.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** The runbooks under docs/runbooks/, one per kind of alarm (test/infra/monitoring.test.ts checks each file exists). */
export const runbooks = [
  'disbursement-failed',
  'auto-debit-failed',
  'custody-callback-mismatch',
  'custody-callback-contradiction',
  'risk-reserve-payment-failed',
  'disbursement-confirmed-late',
  'reconciliation-difference',
  'audit-chain-break',
  'stream-dead-letters',
  'stream-iterator-age',
  'workflow-executions-failed',
  'function-errors',
  'function-throttles',
  'api-5xx-rate',
  'api-p99-latency',
  'table-throttles',
  'table-system-errors',
  'front-door-blocked-requests',
  'front-door-5xx-rate',
] as const;
export type Runbook = (typeof runbooks)[number];

export const runbookPath = (runbook: Runbook) => `docs/runbooks/${runbook}.md`;

/** SignalName → signal-name, the runbook of a failure signal. */
export const runbookOfSignal = (signal: string): Runbook => {
  const runbook = signal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  if (!(runbooks as readonly string[]).includes(runbook)) throw new Error(`no runbook ${runbook} for the failure signal ${signal}`);
  return runbook as Runbook;
};

export interface RunbookAlarmProps extends Omit<cloudwatch.AlarmProps, 'alarmDescription' | 'actionsEnabled'> {
  /** What it means when it fires, in a sentence. */
  readonly summary: string;
  readonly runbook: Runbook;
}

export class OperationsMonitoring extends Construct {
  readonly topic: sns.Topic;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'Encrypts the operations topic (alarm notifications)' });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'P2P lending platform: operations alarms', masterKey: key, enforceSSL: true });
    const email: unknown = this.node.tryGetContext('operationsEmail');
    if (typeof email === 'string' && email !== '') this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    const endpoint: unknown = this.node.tryGetContext('operationsEndpoint');
    if (typeof endpoint === 'string' && endpoint !== '') {
      if (!endpoint.startsWith('https://')) throw new Error(`context operationsEndpoint must be an https URL, not ${endpoint}`);
      this.topic.addSubscription(new subscriptions.UrlSubscription(endpoint));
    }
    this.action = new actions.SnsAction(this.topic);
  }

  /** An alarm in `scope` that notifies the operations topic when it fires and when it clears. */
  alarm(scope: Construct, id: string, props: RunbookAlarmProps): cloudwatch.Alarm {
    const { summary, runbook, ...alarmProps } = props;
    const alarm = new cloudwatch.Alarm(scope, id, {
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...alarmProps,
      alarmDescription: `${summary} Runbook: ${runbookPath(runbook)}`.slice(0, 1024),
      actionsEnabled: true,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}

/** Every 5 minutes: a count that should be zero. */
export const fiveMinutes = Duration.minutes(5);
