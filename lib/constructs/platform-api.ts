/**
 * The HTTP API: a JWT authorizer for the platform's Cognito user pool
 * (lib/constructs/platform-users.ts), and one route per entry of the route manifest,
 * built here or, per API area, in a nested stack (addRoutes). Public routes have no
 * authorizer; every other route needs a valid access token from the pool, and the
 * handler checks the caller's groups against the route's roles (functions/http/route-handler.ts).
 * The $default stage is throttled and writes JSON access logs to CloudWatch Logs.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { pascalCase } from '../handler-catalog';
import type { RouteDefinition } from '../../functions/api/routes';

export interface PlatformApiProps {
  /** Routes built inside this construct; more can be added elsewhere with addRoutes. */
  readonly routes: readonly RouteDefinition[];
  /** The user pool whose access tokens the JWT authorizer accepts. */
  readonly users: { readonly userPool: cognito.IUserPool; readonly userPoolClient: cognito.IUserPoolClient };
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
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly authorizer: apigw.IHttpRouteAuthorizer;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PlatformApiProps) {
    super(scope, id);

    this.userPool = props.users.userPool;
    this.userPoolClient = props.users.userPoolClient;

    // The tokens' `iss`. Not userPool.userPoolProviderUrl: that attribute (ProviderURL) has no https:// scheme.
    const stack = Stack.of(this);
    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'P2P lending platform API (routes from functions/api/routes.ts)',
      createDefaultStage: false,
    });
    // One authorizer resource beside the API, so that routes built in other (nested) stacks share it.
    const jwtAuthorizer = new apigw.HttpAuthorizer(this, 'CognitoJwtAuthorizer', {
      httpApi: this.httpApi,
      authorizerName: 'cognito-jwt',
      type: apigw.HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: issuer,
      // Cognito access tokens carry the app client id in client_id, which API Gateway matches against the audience.
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });
    this.authorizer = { bind: () => ({ authorizerId: jwtAuthorizer.authorizerId, authorizationType: 'JWT' }) };
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

    this.addRoutes(this, props.routes, props.functions);
  }

  /** One API Gateway route per manifest entry, built in `scope` (a nested stack per API area, or this construct). */
  addRoutes(scope: Construct, routes: readonly RouteDefinition[], functions: ReadonlyMap<string, lambda.IFunction>): void {
    for (const route of routes) {
      const fn = functions.get(route.handler);
      if (!fn) throw new Error(`route ${route.id}: no function was built for ${route.handler}`);
      const isPublic = route.access === 'public';
      const httpRoute = new apigw.HttpRoute(scope, `${pascalCase(route.id)}Route`, {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${pascalCase(route.id)}Integration`, fn),
        authorizer: isPublic ? new apigw.HttpNoneAuthorizer() : this.authorizer,
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
