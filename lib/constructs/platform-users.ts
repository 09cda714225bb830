/**
 * The platform's users: a Cognito user pool (one group per platform role) and the
 * web app client the API signs users in with. Stateful: accounts live here, so the
 * pool is in the stateful stack, kept (deletion protection, RETAIN) when stacks go.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { pascalCase } from '../handler-catalog';
import { passwordPolicy } from '../../functions/core/password-policy';
import type { Role } from '../../functions/core/roles';

export interface PlatformUsersProps {
  readonly roles: readonly Role[];
}

export class PlatformUsers extends Construct {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: PlatformUsersProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'Pool', {
      // Accounts are made by POST /v1/auth/register (AdminCreateUser), which writes the profile and allows
      // only self-service roles; Cognito's own SignUp would bypass both.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      autoVerify: { email: true },
      // The same policy the twin's local user pool applies (functions/core/password-policy.ts).
      passwordPolicy: {
        minLength: passwordPolicy.minLength,
        requireLowercase: passwordPolicy.requireLowercase,
        requireUppercase: passwordPolicy.requireUppercase,
        requireDigits: passwordPolicy.requireDigits,
        requireSymbols: passwordPolicy.requireSymbols,
        tempPasswordValidity: Duration.days(passwordPolicy.temporaryPasswordValidityDays),
      },
      // A second factor by authenticator app, for users who enrol one. Not REQUIRED: POST /v1/auth/login
      // answers username + password with tokens (USER_PASSWORD_AUTH), and a required factor would turn
      // every sign-in into a challenge the API does not yet carry (see the acknowledgement below).
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus tier: threat protection (compromised credentials, adaptive authentication) enforced.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is OPTIONAL (TOTP) because POST /v1/auth/login is specified as username + password returning tokens; with MFA REQUIRED every sign-in would end in an MFA_SETUP or SOFTWARE_TOKEN_MFA challenge that the API has no route to answer yet. Threat protection (Plus tier, ENFORCED) still blocks compromised-credential and high-risk sign-ins.',
    });
    for (const role of props.roles) {
      this.userPool.addGroup(`${pascalCase(role)}Group`, { groupName: role, description: `Platform role ${role} (functions/core/roles.ts)` });
    }
    this.userPoolClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      // Sign-in goes through the platform's API (functions/adapters/identity/identity-provider.ts): USER_PASSWORD_AUTH,
      // and REFRESH_TOKEN_AUTH, which CDK adds to any client with an auth flow. No hosted UI, so no OAuth flows.
      authFlows: { userPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
