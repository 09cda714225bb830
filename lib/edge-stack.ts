/**
 * What must live in us-east-1: the front door's WAF web ACL (scope CLOUDFRONT), its alarms
 * (WAF and CloudFront metrics are published there only) and an operations topic for them
 * (an alarm notifies a topic of its own region), subscribed like the platform's. Deployed
 * first: the platform stack's front door reads the web ACL's ARN from the SSM parameter
 * this stack writes (docs/operations.md: why a parameter and not crossRegionReferences).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { FrontDoorFirewall } from './constructs/front-door-firewall';
import { OperationsMonitoring } from './constructs/operations-monitoring';

export class EdgeStack extends Stack {
  readonly firewall: FrontDoorFirewall;
  readonly operations: OperationsMonitoring;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: 'P2P lending platform, edge (us-east-1): the front door WAF web ACL and its alarms',
      ...props,
      env: { ...props?.env, region: 'us-east-1' },
    });
    this.operations = new OperationsMonitoring(this, 'EdgeOperations');
    this.firewall = new FrontDoorFirewall(this, 'FrontDoorFirewall', {
      name: `${this.stackName}-front-door`,
      requestsPerFiveMinutesPerIp: 1000,
      blockedRequestsAlarmThreshold: 500,
      operations: this.operations,
    });
  }
}
