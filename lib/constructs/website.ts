/**
 * The website on AWS (docs/website.md): web/dist in a private S3 bucket, served as the
 * front door's default path through origin access control (the bucket is never public,
 * CloudFront alone reads it), with the SPA fallback (a page path without a file extension
 * is index.html, by a CloudFront Function on this behaviour only, so the API's own 403s
 * and 404s under /v1/* stay the API's) and the site's security headers (lib/site-headers.ts:
 * CSP with frame-ancestors 'none', HSTS, nosniff, DENY, referrer policy).
 *
 * The bucket lives in the stateful stack (WebsiteStore); its policy lets CloudFront
 * distributions of this account read it (a condition on the source account: naming the
 * distribution itself would make the stateful stack depend on the stateless one). The
 * behaviour lives with the front door (WebsiteOrigin).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { siteContentSecurityPolicy, siteHstsSeconds } from '../site-headers';
import { privateBucketDefaults } from './document-storage';

export class WebsiteStore extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { readonly accessLogsBucket: s3.IBucket }) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Site', {
      ...privateBucketDefaults,
      // SSE-S3: CloudFront's origin access control reads it without a key policy; the site is public content.
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'website/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    const stack = Stack.of(this);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontOriginAccessControl',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringLike: { 'AWS:SourceArn': `arn:${stack.partition}:cloudfront::${stack.account}:distribution/*` } },
      }),
    );
  }
}

/** A page path (no file extension) becomes /index.html; a file keeps its path. */
const spaFallback = `function handler(event) {
  var request = event.request;
  if (request.uri.split('/').pop().indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export class WebsiteOrigin extends Construct {
  /** The front door's default behaviour: the site. */
  readonly behavior: cloudfront.BehaviorOptions;

  constructor(scope: Construct, id: string, props: { readonly bucketArn: string }) {
    super(scope, id);
    // Imported by ARN: the bucket's policy is WebsiteStore's, written without naming this distribution.
    const bucket = s3.Bucket.fromBucketArn(this, 'Site', props.bucketArn);
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'The website: CSP (frame-ancestors none), HSTS, nosniff, DENY, referrer policy',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: siteContentSecurityPolicy, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(siteHstsSeconds), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    this.behavior = {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket, { originAccessLevels: [cloudfront.AccessLevel.READ] }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: headers,
      compress: true,
      functionAssociations: [
        {
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: new cloudfront.Function(this, 'SpaFallback', { code: cloudfront.FunctionCode.fromInline(spaFallback), runtime: cloudfront.FunctionRuntime.JS_2_0, comment: 'The website: page paths are index.html' }),
        },
      ],
    };
  }
}
