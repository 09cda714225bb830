/**
 * A WAF v2 web ACL: the AWS managed common rule set plus a per-IP rate-based rule.
 *
 * AWS WAF cannot be associated with an API Gateway HTTP API (v2) stage: the
 * supported resources are REST API stages, Application Load Balancers, AppSync
 * APIs, Cognito user pools, App Runner services, Verified Access instances and
 * Amplify apps. So the web ACL protects what it can in this stack, the Cognito user
 * pool's public sign-up, sign-in and token endpoints (credential stuffing, bots);
 * the HTTP API is behind the front door's CloudFront web ACL (lib/constructs/front-door.ts,
 * lib/constructs/front-door-firewall.ts). (cdk-nag's WAF rule, AwsSolutions-APIG3, applies only
 * to REST API stages, so nothing is acknowledged here.)
 */
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface UserPoolFirewallProps {
  readonly userPool: cognito.IUserPool;
  /** Requests per IP address per 5 minutes before WAF blocks that address. */
  readonly requestsPerFiveMinutesPerIp: number;
}

export class UserPoolFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: UserPoolFirewallProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Protects the Cognito user pool endpoints: AWS managed common rules and a per-IP rate limit',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('UserPoolFirewall'),
      rules: [
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 0,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
          overrideAction: { none: {} },
          visibilityConfig: visibility('AWSManagedRulesCommonRuleSet'),
        },
        {
          name: 'RateLimitPerIp',
          priority: 1,
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: props.requestsPerFiveMinutesPerIp, evaluationWindowSec: 300 } },
          action: { block: {} },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'UserPoolAssociation', {
      resourceArn: props.userPool.userPoolArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
