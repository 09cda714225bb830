/**
 * The platform's CDK app contents, shared by bin/app.ts and the infra tests so both
 * check the same thing: the stateful stack, the stateless stack that uses it, and
 * cdk-nag's AWS Solutions checks as a validation plugin (cdk-nag 3; findings are
 * acknowledged where they arise, each with its reason, via Validations.of(scope).acknowledge).
 *
 * `cdk deploy --all` deploys the stateful stack first (the stateless one depends on it
 * through its exports); docs/operations.md has the order and what each may lose.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformStack } from './platform-stack';
import { StatefulStack } from './stateful-stack';

export const statefulStackId = 'P2pLendingStateful';
export const platformStackId = 'P2pLendingPlatform';

export interface Platform {
  readonly stateful: StatefulStack;
  /** The stateless stack (API, functions, workflows, schedules, stream consumers, monitoring). */
  readonly stack: PlatformStack;
}

export function definePlatform(app: App): Platform {
  const stateful = new StatefulStack(app, statefulStackId);
  const stack = new PlatformStack(app, platformStackId, { stateful });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stack };
}
