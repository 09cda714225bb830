/**
 * The front door's WAF web ACL (scope CLOUDFRONT, so in us-east-1: the edge stack,
 * lib/edge-stack.ts): a per-IP rate limit, the AWS managed known-bad-inputs and common
 * rule sets. Its ARN goes to an SSM parameter beside it, which the front door
 * (lib/constructs/front-door.ts) reads across regions at deploy.
 *
 * The common rule set's 8 KB body-size rule only counts: the API takes bodies up to 64 KB
 * and answers a larger one with its own 413 problem (functions/http/middleware/body-limit.ts).
 *
 * Alarms (their metrics are in us-east-1 only, so here, on this stack's operations topic):
 * a spike of blocked requests, and the CloudFront 5xx error rate.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { fiveMinutes, type OperationsMonitoring } from './operations-monitoring';

export interface FrontDoorFirewallProps {
  /** A name unique in the account (the web ACL's name and metric name; the parameter's path). */
  readonly name: string;
  /** Requests per IP address per 5 minutes before WAF blocks that address. */
  readonly requestsPerFiveMinutesPerIp: number;
  /** Blocked requests in 5 minutes that page operations. */
  readonly blockedRequestsAlarmThreshold: number;
  readonly operations: OperationsMonitoring;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

const managedRules = (priority: number, name: string, ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[]): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...(ruleActionOverrides ? { ruleActionOverrides } : {}) } },
  overrideAction: { none: {} },
  visibilityConfig: visibility(name),
});

export class FrontDoorFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  /** The SSM parameter (us-east-1) that holds the web ACL's ARN. */
  readonly parameterName: string;

  constructor(scope: Construct, id: string, props: FrontDoorFirewallProps) {
    super(scope, id);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'CLOUDFRONT',
      description: 'The front door of the P2P lending API: per-IP rate limit, AWS managed known-bad-inputs and common rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: props.requestsPerFiveMinutesPerIp, evaluationWindowSec: 300 } },
          action: { block: {} },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managedRules(1, 'AWSManagedRulesKnownBadInputsRuleSet'),
        managedRules(2, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
      ],
    });
    // The name embeds the web ACL's: renaming (replacing) the web ACL makes the front door read the new ARN.
    this.parameterName = `/${props.name}/web-acl-arn`;
    new ssm.StringParameter(this, 'WebAclArn', {
      parameterName: this.parameterName,
      stringValue: this.webAcl.attrArn,
      description: 'The front door web ACL ARN, read by the platform stack (lib/constructs/front-door.ts)',
    });

    props.operations.alarm(this, 'BlockedRequestsAlarm', {
      summary: `The front door's WAF blocked at least ${props.blockedRequestsAlarmThreshold} requests in 5 minutes (an attack, a misbehaving client, or a rule blocking real users).`,
      runbook: 'front-door-blocked-requests',
      metric: new cloudwatch.Metric({ namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensionsMap: { WebACL: props.name, Rule: 'ALL' }, statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
      threshold: props.blockedRequestsAlarmThreshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    // The distribution is in the platform's region, its metrics here: a Metrics Insights query over the account's distributions (the platform's account is its own).
    props.operations.alarm(this, 'ServerErrorRateAlarm', {
      summary: "More than 5% of the front door's responses were 5xx for 15 minutes (CloudFront could not reach the API, or the API failed).",
      runbook: 'front-door-5xx-rate',
      metric: new cloudwatch.MathExpression({ expression: 'SELECT MAX("5xxErrorRate") FROM SCHEMA("AWS/CloudFront", DistributionId, Region)', usingMetrics: {}, period: fiveMinutes, label: 'CloudFront 5xx rate (%)' }),
      threshold: 5,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }
}
