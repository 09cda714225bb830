/**
 * The platform's CDK app contents, shared by bin/app.ts and the infra tests so both
 * check the same thing: the stateful stack, the stateless stack that uses it, and
 * cdk-nag's AWS Solutions checks as a validation plugin (cdk-nag 3; findings are
 * acknowledged where they arise, each with its reason, via Validations.of(scope).acknowledge).
 *
 * `cdk deploy --all` deploys the edge stack (us-east-1: the front door's web ACL) and the
 * stateful stack first (the stateless one depends on both); docs/operations.md has the
 * order and what each may lose.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeStack } from './edge-stack';
import { PlatformStack } from './platform-stack';
import { StatefulStack } from './stateful-stack';

export const statefulStackId = 'P2pLendingStateful';
export const platformStackId = 'P2pLendingPlatform';
export const edgeStackId = 'P2pLendingEdge';

export interface Platform {
  readonly stateful: StatefulStack;
  /** The stateless stack (API, functions, workflows, schedules, stream consumers, monitoring). */
  readonly stack: PlatformStack;
  /** The us-east-1 stack: the front door's web ACL and its alarms. */
  readonly edge: EdgeStack;
}

export function definePlatform(app: App): Platform {
  const edge = new EdgeStack(app, edgeStackId);
  const stateful = new StatefulStack(app, statefulStackId);
  const stack = new PlatformStack(app, platformStackId, { stateful, edge });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stack, edge };
}
