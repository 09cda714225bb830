/**
 * The front door: CloudFront in front of the HTTP API, behind a CLOUDFRONT-scope WAF web
 * ACL in the us-east-1 edge stack (managed common and known-bad-inputs rules, a per-IP
 * rate limit), HTTPS only, access logs to a bucket fit for CloudFront standard logs, no
 * caching of /v1/* and every viewer header but Host forwarded; the API not reachable
 * around it (the origin secret in X-Origin-Verify, checked by every route).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

/** CloudFront's managed policies (the ids AWS documents). */
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const allViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let platform: SynthesizedPlatform;
let edge: Template;
beforeAll(() => {
  platform = synthesizePlatform();
  edge = Template.fromStack(platform.edge);
});
afterAll(() => platform.dispose());

const distribution = () => Object.values(platform.template.findResources('AWS::CloudFront::Distribution') as Resources)[0]!.Properties.DistributionConfig;

test('the web ACL is in us-east-1 with CLOUDFRONT scope: a per-IP rate limit, known bad inputs and the common rule set', () => {
  expect(platform.edge.region).toBe('us-east-1');
  const acls = Object.values(edge.findResources('AWS::WAFv2::WebACL') as Resources);
  expect(acls).toHaveLength(1);
  const acl = acls[0]!.Properties;
  expect(acl.Scope).toBe('CLOUDFRONT');
  expect(acl.DefaultAction).toEqual({ Allow: {} });
  const rules = acl.Rules as Array<{ Name: string; Statement: any; Action?: unknown }>;
  expect(rules.find((rule) => rule.Name === 'RateLimitPerIp')).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { AggregateKeyType: 'IP' } } });
  const managed = rules.map((rule) => rule.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean);
  expect(managed.sort()).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
});

test('the distribution uses that web ACL, read from the SSM parameter the edge stack writes', () => {
  const [parameterId, parameter] = Object.entries(edge.findResources('AWS::SSM::Parameter') as Resources)[0]!;
  expect(parameter.Properties.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/WebAcl/), 'Arn'] });
  expect(parameterId).toBeDefined();
  const reader = Object.values(platform.template.findResources('Custom::AWS') as Resources)[0]!;
  const create = JSON.stringify(reader.Properties.Create ?? reader.Properties.Update);
  expect(create).toContain(parameter.Properties.Name);
  expect(create).toContain('us-east-1');
  expect(JSON.stringify(distribution().WebACLId)).toContain('Parameter.Value');
});

test('viewers use HTTPS only; the origin is the HTTP API over TLS 1.2 with the origin secret in X-Origin-Verify', () => {
  const config = distribution();
  for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) expect(behavior.ViewerProtocolPolicy).toBe('https-only');
  const origin = config.Origins.find((candidate: { DomainName: unknown }) => JSON.stringify(candidate.DomainName).includes('execute-api'));
  expect(JSON.stringify(origin.DomainName)).toContain(logicalId(platform.stack.api.httpApi));
  expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  const header = origin.OriginCustomHeaders.find((candidate: { HeaderName: string }) => candidate.HeaderName === 'x-origin-verify');
  const value = JSON.stringify(header.HeaderValue);
  expect(value).toContain('{{resolve:secretsmanager:');
  expect(value).toContain(logicalId(platform.stateful.frontDoor.originSecret));
});

test('/v1/* is never cached and gets every viewer header but Host; so does /openapi.json', () => {
  const config = distribution();
  const apiPaths = config.CacheBehaviors.filter((behavior: { PathPattern: string }) => ['/v1/*', '/openapi.json'].includes(behavior.PathPattern));
  expect(apiPaths).toHaveLength(2);
  for (const behavior of apiPaths) {
    expect(behavior).toMatchObject({ CachePolicyId: cachingDisabled, OriginRequestPolicyId: allViewerExceptHostHeader });
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']));
  }
});

test('access logs go to an encrypted, TLS-only bucket with ACLs for CloudFront standard logs and a lifecycle, kept by the stateful stack', () => {
  const bucketId = logicalId(platform.stateful.frontDoor.logBucket);
  expect(JSON.stringify(distribution().Logging.Bucket)).toContain(bucketId);
  const bucket = platform.template.toJSON().Resources[bucketId];
  expect(bucket.DeletionPolicy).toBe('Retain');
  expect(bucket.Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerPreferred' }]);
  expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
  expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({ Status: 'Enabled', ExpirationInDays: 365 });
  const policy = Object.values(platform.template.findResources('AWS::S3::BucketPolicy') as Resources).find((candidate) => JSON.stringify(candidate.Properties.Bucket).includes(bucketId))!;
  expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
});

test('every route function, and only route functions, checks the origin secret: its ARN in ORIGIN_VERIFY_SECRET_ARN and read access', () => {
  const secretId = logicalId(platform.stateful.frontDoor.originSecret);
  const resources = platform.template.toJSON().Resources as Resources;
  for (const [file, handler] of platform.stack.handlerFunctions) {
    const variable = resources[logicalId(handler.function)]!.Properties.Environment.Variables.ORIGIN_VERIFY_SECRET_ARN;
    expect({ file, checks: variable !== undefined }).toEqual({ file, checks: file.startsWith('functions/http/') });
    if (variable !== undefined) expect(JSON.stringify(variable)).toContain(secretId);
  }
});

test('the origin secret can be pinned to a version after a rotation (-c originVerifySecretVersion)', () => {
  const rotated = synthesizePlatform({ context: { originVerifySecretVersion: 'version-2' } });
  try {
    const config = Object.values(rotated.template.findResources('AWS::CloudFront::Distribution') as Resources)[0]!.Properties.DistributionConfig;
    expect(JSON.stringify(config.Origins)).toContain(':SecretString:::version-2}}');
  } finally {
    rotated.dispose();
  }
});

test('with a domain and its us-east-1 certificate, viewers need TLS 1.2 (TLSv1.2_2021); one without the other is refused', () => {
  const certificateArn = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';
  const withDomain = synthesizePlatform({ context: { frontDoorDomainName: 'api.lending.example', frontDoorCertificateArn: certificateArn } });
  try {
    const config = Object.values(withDomain.template.findResources('AWS::CloudFront::Distribution') as Resources)[0]!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['api.lending.example']);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  } finally {
    withDomain.dispose();
  }
  expect(() => synthesizePlatform({ context: { frontDoorDomainName: 'api.lending.example' } })).toThrow(/frontDoorCertificateArn/);
});
