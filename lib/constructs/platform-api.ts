/**
 * The HTTP API: a Cognito user pool (one group per platform role), a JWT authorizer
 * for it, and one route per entry of the route manifest. Public routes have no
 * authorizer; every other route needs a valid access token from the pool, and the
 * handler checks the caller's groups against the route's roles (functions/http/route-handler.ts).
 * The $default stage is throttled and writes JSON access logs to CloudWatch Logs.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { pascalCase } from '../handler-catalog';
import { passwordPolicy } from '../../functions/core/password-policy';
import type { Role } from '../../functions/core/roles';
import type { RouteDefinition } from '../../functions/api/routes';

export interface PlatformApiProps {
  readonly routes: readonly RouteDefinition[];
  readonly roles: readonly Role[];
  /** Handler file → the function built for it. */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  /** Steady-state requests per second and burst for the whole stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** What an access-log line holds: enough to trace a request, no bodies, no tokens. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    userId: '$context.authorizer.claims.sub',
  }),
);

export class PlatformApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PlatformApiProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'Users', {
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

    // The tokens' `iss`. Not userPool.userPoolProviderUrl: that attribute (ProviderURL) has no https:// scheme.
    const stack = Stack.of(this);
    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    const authorizer = new HttpJwtAuthorizer('CognitoJwtAuthorizer', issuer, {
      authorizerName: 'cognito-jwt',
      // Cognito access tokens carry the app client id in client_id, which API Gateway matches against the audience.
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'P2P lending platform API (routes from functions/api/routes.ts)',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
    });

    for (const route of props.routes) {
      const fn = props.functions.get(route.handler);
      if (!fn) throw new Error(`route ${route.id}: no function was built for ${route.handler}`);
      const isPublic = route.access === 'public';
      const httpRoute = new apigw.HttpRoute(this, `${pascalCase(route.id)}Route`, {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${pascalCase(route.id)}Integration`, fn),
        authorizer: isPublic ? new apigw.HttpNoneAuthorizer() : authorizer,
      });
      if (isPublic) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} (${route.id}: ${route.summary}) is declared public in functions/api/routes.ts: it is meant for callers without an account, its handler receives no caller identity, and the stage throttling limits it.`,
        });
      }
    }
  }
}
