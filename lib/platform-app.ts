/**
 * The platform's CDK app contents, shared by bin/app.ts and the infra tests so both
 * check the same thing: the stack, and cdk-nag's AWS Solutions checks as a
 * validation plugin (cdk-nag 3; findings are acknowledged where they arise, each
 * with its reason, via Validations.of(scope).acknowledge).
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformStack } from './platform-stack';

export const platformStackId = 'P2pLendingPlatform';

export function definePlatform(app: App): PlatformStack {
  const stack = new PlatformStack(app, platformStackId);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
