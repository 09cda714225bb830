/** The HTTP API, its authorizer and its user pool against the route and role manifests. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PlatformApi } from '../../lib/constructs/platform-api';
import { PlatformUsers } from '../../lib/constructs/platform-users';
import { roles } from '../../functions/core/roles';
import { routes, type RouteDefinition } from '../../functions/api/routes';
import { arnOf, logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const resources = (type: string) => platform.template.findResources(type) as Resources;
const routeFor = (route: RouteDefinition, found: Resources) =>
  Object.values(found).find((candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`);

test('there is one API route per manifest entry, and no other', () => {
  const routeKeys = Object.values(resources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey);
  expect(routeKeys.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
});

test("each route integrates with the function built for the route's handler file", () => {
  const integrations = resources('AWS::ApiGatewayV2::Integration');
  for (const route of routes) {
    const apiRoute = routeFor(route, resources('AWS::ApiGatewayV2::Route'))!;
    const integrationId = (apiRoute.Properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
    const integration = integrations[integrationId.Ref]!;
    expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    expect(integration.Properties.IntegrationUri).toEqual(arnOf(platform.stack.handlerFunctions.get(route.handler)!.function));
  }
});

test('public routes have no authorizer; every other route uses the Cognito JWT authorizer', () => {
  const apiRoutes = resources('AWS::ApiGatewayV2::Route');
  const authorizers = resources('AWS::ApiGatewayV2::Authorizer');
  const userPool = platform.stateful.users.userPool;
  for (const route of routes) {
    const apiRoute = routeFor(route, apiRoutes)!.Properties;
    if (route.access === 'public') {
      expect(apiRoute.AuthorizationType).toBe('NONE');
      expect(apiRoute.AuthorizerId).toBeUndefined();
    } else {
      expect(apiRoute.AuthorizationType).toBe('JWT');
      const authorizer = authorizers[apiRoute.AuthorizerId.Ref]!.Properties;
      expect(authorizer.AuthorizerType).toBe('JWT');
      expect(JSON.stringify(authorizer.JwtConfiguration.Issuer)).toContain(logicalId(userPool));
    }
  }
  // Only JWT authorizers, and only when some route is protected (the authorizer is bound by its first route).
  expect(Object.values(authorizers).every((authorizer) => authorizer.Properties.AuthorizerType === 'JWT')).toBe(true);
  expect(Object.keys(authorizers)).toHaveLength(routes.some((route) => route.access !== 'public') ? 1 : 0);
});

describe('the JWT authorizer, on a protected route', () => {
  // The manifest may have no protected route yet; this builds the API construct with one.
  const protectedRoute: RouteDefinition = {
    id: 'listMyLoans',
    method: 'GET',
    path: '/v1/me/loans',
    summary: 'test fixture',
    handler: 'functions/test-fixture/list-my-loans.ts',
    access: ['borrower'],
    responses: { 200: { description: 'ok' } },
    resources: [],
  };
  const publicRoute: RouteDefinition = { ...protectedRoute, id: 'getStatus', path: '/v1/status', handler: 'functions/test-fixture/get-status.ts', access: 'public' };
  let template: Template;
  let api: PlatformApi;
  beforeAll(() => {
    const stack = new Stack(new App(), 'ApiFixture');
    const stub = (id: string) => new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = async () => ({})') });
    api = new PlatformApi(stack, 'Api', {
      routes: [protectedRoute, publicRoute],
      users: new PlatformUsers(stack, 'Users', { roles }),
      functions: new Map([[protectedRoute.handler, stub('Protected')], [publicRoute.handler, stub('Public')]]),
      throttle: { rateLimit: 10, burstLimit: 20 },
    });
    template = Template.fromStack(stack);
  });

  test('validates Cognito tokens: issuer = the user pool, audience = the app client', () => {
    const authorizers = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer') as Resources);
    expect(authorizers).toHaveLength(1);
    const authorizer = authorizers[0]!.Properties;
    expect(authorizer.AuthorizerType).toBe('JWT');
    expect(authorizer.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(authorizer.JwtConfiguration.Audience).toEqual([{ Ref: logicalId(api.userPoolClient) }]);
    expect(authorizer.JwtConfiguration.Issuer).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: logicalId(api.userPool) }]],
    });
  });

  test('is used by the protected route and not by the public one', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /v1/me/loans', AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    const publicApiRoute = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources).find((route) => route.Properties.RouteKey === 'GET /v1/status')!;
    expect(publicApiRoute.Properties.AuthorizationType).toBe('NONE');
    expect(publicApiRoute.Properties.AuthorizerId).toBeUndefined();
  });
});

test('the $default stage is throttled and writes JSON access logs to a CloudWatch log group', () => {
  const stages = Object.values(resources('AWS::ApiGatewayV2::Stage'));
  expect(stages).toHaveLength(1);
  const stage = stages[0]!.Properties;
  expect(stage.StageName).toBe('$default');
  expect(stage.AutoDeploy).toBe(true);
  expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
  expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
  const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
  expect(platform.template.toJSON().Resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
  const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
  expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
});

test("the user pool has one group per role, a strong password policy, optional TOTP MFA and enforced threat protection", () => {
  const groups = Object.values(resources('AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
  expect(groups.sort()).toEqual([...roles].sort());
  platform.template.hasResourceProperties('AWS::Cognito::UserPool', {
    Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    MfaConfiguration: 'OPTIONAL',
    EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    UserPoolTier: 'PLUS',
    UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    DeletionProtection: 'ACTIVE',
  });
  platform.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false, PreventUserExistenceErrors: 'ENABLED' });
});

test('a WAF web ACL (AWS managed common rules + a per-IP rate limit) protects the user pool', () => {
  // The user pool's REGIONAL one; the front door's CLOUDFRONT one is in test/infra/front-door.test.ts.
  const acls = Object.entries(resources('AWS::WAFv2::WebACL')).filter(([, candidate]) => candidate.Properties.Scope === 'REGIONAL');
  expect(acls).toHaveLength(1);
  const [aclId, acl] = acls[0]!;
  const statements = (acl.Properties.Rules as Array<{ Statement: Record<string, any> }>).map((rule) => rule.Statement);
  expect(statements).toContainEqual({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } });
  expect(statements.some((statement) => statement.RateBasedStatement?.AggregateKeyType === 'IP')).toBe(true);
  // WAF cannot be associated with an HTTP API stage; the association is with the user pool (the API's WAF is on CloudFront).
  platform.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  platform.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
    ResourceArn: arnOf(platform.stateful.users.userPool),
    WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
  });
});
