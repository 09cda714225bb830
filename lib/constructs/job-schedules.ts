/**
 * EventBridge Scheduler schedules from functions/manifest/schedules.ts: the manifest's
 * cron expression in its time zone, no flexible window, invoking the job's function
 * with {"scheduledTime": <the occurrence's time>}, which the job uses as its
 * idempotency key (functions/adapters/runtime/scheduled-job.ts).
 *
 * CfnSchedule rather than the aws-scheduler L2: the L2's LambdaInvoke target grants
 * through Function.grantInvoke, which adds `<function ARN>:*` (every version and
 * alias); here each schedule's role may invoke its one unqualified function ARN.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { pascalCase } from '../handler-catalog';
import type { ScheduleDefinition } from '../../functions/manifest/schedules';

export interface JobSchedulesProps {
  readonly schedules: readonly ScheduleDefinition[];
  /** Handler file → the function built for it. */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
}

/** A delivery the job missed is retried for up to a day; the job's run log makes retries harmless. */
const retryPolicy: scheduler.CfnSchedule.RetryPolicyProperty = { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 24 * 60 * 60 };

export class JobSchedules extends Construct {
  readonly schedules: scheduler.CfnSchedule[] = [];

  constructor(scope: Construct, id: string, props: JobSchedulesProps) {
    super(scope, id);
    const account = Stack.of(this).account;

    for (const definition of props.schedules) {
      const fn = props.functions.get(definition.handler);
      if (!fn) throw new Error(`schedule ${definition.name}: no function was built for ${definition.handler}`);
      const constructId = pascalCase(definition.name);

      const role = new iam.Role(this, `${constructId}Role`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
        description: `Lets the ${definition.name} schedule invoke its job`,
      });
      // The unqualified function ARN, the one the schedule invokes; no versions or aliases.
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));

      const schedule = new scheduler.CfnSchedule(this, constructId, {
        description: definition.description,
        scheduleExpression: definition.cron,
        scheduleExpressionTimezone: definition.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
          retryPolicy,
        },
      });
      schedule.node.addDependency(role); // its policy exists before the first occurrence
      this.schedules.push(schedule);
    }
  }
}
