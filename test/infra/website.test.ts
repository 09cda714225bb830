/**
 * The website on AWS: a private bucket in the stateful stack, read by CloudFront alone
 * (origin access control), as the front door's default path with the SPA fallback and the
 * site's security headers; /v1/* and /openapi.json still go to the API.
 */
import { siteContentSecurityPolicy } from '../../lib/site-headers';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const resources = () => platform.template.toJSON().Resources as Resources;
const distribution = () => Object.values(platform.template.findResources('AWS::CloudFront::Distribution') as Resources)[0]!.Properties.DistributionConfig;
const originOf = (config: any, behavior: { TargetOriginId: string }) => config.Origins.find((origin: { Id: string }) => origin.Id === behavior.TargetOriginId);

test('the site bucket is private, TLS-only, logged and kept by the stateful stack; only CloudFront distributions of this account may read it', () => {
  const bucketId = logicalId(platform.stateful.website.bucket);
  const bucket = resources()[bucketId]!;
  expect((bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
  expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  expect(bucket.Properties.LoggingConfiguration.LogFilePrefix).toBe('website/');
  const policy = Object.values(platform.template.findResources('AWS::S3::BucketPolicy') as Resources).find((candidate) => JSON.stringify(candidate.Properties.Bucket).includes(bucketId))!;
  const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
  expect(JSON.stringify(statements)).toContain('"aws:SecureTransport":"false"');
  const reads = statements.filter((statement) => statement.Effect === 'Allow');
  expect(reads).toHaveLength(1);
  expect(reads[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
  expect(JSON.stringify(reads[0]!.Condition)).toContain(':distribution/*');
});

test('the default path is the site through origin access control, HTTPS only, cached, GET and HEAD only, index.html at the root', () => {
  const config = distribution();
  const site = config.DefaultCacheBehavior;
  const origin = originOf(config, site);
  expect(JSON.stringify(origin.DomainName)).toContain(logicalId(platform.stateful.website.bucket));
  expect(origin.OriginAccessControlId).toBeDefined();
  expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  expect(site.ViewerProtocolPolicy).toBe('https-only');
  expect(site.AllowedMethods.sort()).toEqual(['GET', 'HEAD']);
  expect(config.DefaultRootObject).toBe('index.html');
  const controls = Object.values(platform.template.findResources('AWS::CloudFront::OriginAccessControl') as Resources);
  expect(controls.map((control) => control.Properties.OriginAccessControlConfig)).toEqual([expect.objectContaining({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' })]);
  for (const path of ['/v1/*', '/openapi.json']) {
    const behavior = config.CacheBehaviors.find((candidate: { PathPattern: string }) => candidate.PathPattern === path);
    expect(JSON.stringify(originOf(config, behavior).DomainName)).toContain('execute-api');
  }
});

test('a page path is index.html (the SPA fallback) on the site path only, so the API keeps its own 403s and 404s', () => {
  const config = distribution();
  expect(config.CustomErrorResponses).toBeUndefined();
  const [association] = config.DefaultCacheBehavior.FunctionAssociations;
  expect(association.EventType).toBe('viewer-request');
  const fn = Object.values(platform.template.findResources('AWS::CloudFront::Function') as Resources)[0]!;
  const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
  expect(handler({ request: { uri: '/listings/loan-1' } }).uri).toBe('/index.html');
  expect(handler({ request: { uri: '/' } }).uri).toBe('/index.html');
  expect(handler({ request: { uri: '/assets/index-abc.js' } }).uri).toBe('/assets/index-abc.js');
  for (const behavior of config.CacheBehaviors) expect(behavior.FunctionAssociations).toBeUndefined();
});

test('the site answers with its security headers: the CSP with frame-ancestors none, HSTS, nosniff, DENY', () => {
  const policies = Object.values(platform.template.findResources('AWS::CloudFront::ResponseHeadersPolicy') as Resources);
  expect(policies).toHaveLength(1);
  const security = policies[0]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
  expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toBe(siteContentSecurityPolicy);
  expect(siteContentSecurityPolicy).toContain("frame-ancestors 'none'");
  expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
  expect(security.FrameOptions.FrameOption).toBe('DENY');
  expect(security.ContentTypeOptions.Override).toBe(true);
});
