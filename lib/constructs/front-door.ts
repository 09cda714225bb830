/**
 * The front door: a CloudFront distribution in front of the HTTP API, behind the WAF web
 * ACL of the edge stack (lib/constructs/front-door-firewall.ts, us-east-1). HTTPS only
 * (viewer and origin, TLS 1.2+ to the origin; TLS 1.2_2021 to viewers when a domain and
 * its certificate are given), standard access logs to the stateful stack's log bucket, no
 * caching of /v1/* and every viewer header but Host forwarded.
 *
 * The API is not reachable around it: CloudFront adds the origin secret (FrontDoorStore,
 * Secrets Manager) as the X-Origin-Verify header, and every route refuses a request without
 * it (functions/http/middleware/origin-verification.ts). docs/operations.md says why this and
 * not a disabled execute-api endpoint, and how the secret is rotated.
 *
 * The website is the default path (`defaultBehavior`, lib/constructs/website.ts); /v1/* and
 * /openapi.json go to the API.
 */
import { Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { originVerifyHeader } from '../../functions/manifest/front-door';
import { privateBucketDefaults } from './document-storage';
import type { HandlerFunction } from './handler-function';

/** What the front door keeps, in the stateful stack: its access-log bucket and the origin secret. */
export class FrontDoorStore extends Construct {
  readonly logBucket: s3.Bucket;
  readonly originSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { readonly accessLogsBucket: s3.IBucket }) {
    super(scope, id);
    this.logBucket = new s3.Bucket(this, 'Logs', {
      ...privateBucketDefaults,
      // CloudFront standard logs are delivered with an ACL grant to the log delivery account: ACLs on, the bucket owner owning what is written.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // Standard logs cannot be delivered to a bucket encrypted with an AWS-managed KMS key.
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'front-door-logs/',
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: `The value CloudFront sends in the ${originVerifyHeader} header; routes refuse requests without it (docs/operations.md: rotation)`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The value also lives in the CloudFront distribution configuration, which a Secrets Manager rotation Lambda would have to rewrite; operators rotate it with the two-step procedure of docs/operations.md (put a new value, redeploy with -c originVerifySecretVersion), during which the routes accept the current and the previous version.',
    });
  }

  /** A route function checks the header against the secret: its ARN in ORIGIN_VERIFY_SECRET_ARN, read access. */
  grantVerification(handler: HandlerFunction): void {
    handler.addEnvironment('ORIGIN_VERIFY_SECRET_ARN', this.originSecret.secretArn);
    this.originSecret.grantRead(handler.role);
  }
}

export interface FrontDoorProps {
  readonly api: apigw.IHttpApi;
  readonly store: { readonly logBucket: s3.IBucket; readonly originSecret: secretsmanager.ISecret };
  /** The us-east-1 SSM parameter that holds the web ACL's ARN (FrontDoorFirewall.parameterName). */
  readonly webAclParameterName: string;
  /** The default path's behavior (the website's origin, lib/constructs/website.ts); the API's when left out. */
  readonly defaultBehavior?: cloudfront.BehaviorOptions;
}

/** The ARN of an SSM parameter in us-east-1 (the edge stack's region). */
const edgeParameterArn = (scope: Construct, name: string) =>
  Stack.of(scope).formatArn({ service: 'ssm', region: 'us-east-1', resource: 'parameter', resourceName: name.replace(/^\//, '') });

export class FrontDoor extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** The behavior of the API's paths, for a later origin's neighbours. */
  readonly apiBehavior: cloudfront.BehaviorOptions;

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // The web ACL lives in us-east-1 (CloudFront's WAF scope); its ARN is handed over through an SSM parameter there.
    const reader = new cr.AwsCustomResource(this, 'WebAclArn', {
      onUpdate: {
        service: 'SSM',
        action: 'getParameter',
        parameters: { Name: props.webAclParameterName },
        region: 'us-east-1',
        physicalResourceId: cr.PhysicalResourceId.of(props.webAclParameterName),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [edgeParameterArn(this, props.webAclParameterName)] }),
      installLatestAwsSdk: false,
    });
    Validations.of(reader.grantPrincipal as iam.Role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "The AwsCustomResource provider function (aws-cdk-lib's, one per stack) that reads the web ACL ARN from us-east-1 at deploy only; AWSLambdaBasicExecutionRole lets it write its own logs and nothing else; its one other grant is ssm:GetParameter on that one parameter.",
    });
    const webAclArn = reader.getResponseField('Parameter.Value');

    // Without a version: the secret's current value. After a rotation, -c originVerifySecretVersion=<VersionId> makes CloudFormation read it again.
    const version: unknown = this.node.tryGetContext('originVerifySecretVersion');
    const originSecret = SecretValue.secretsManager(props.store.originSecret.secretArn, typeof version === 'string' && version !== '' ? { versionId: version } : {});
    const origin = new origins.HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: { [originVerifyHeader]: originSecret.unsafeUnwrap() },
    });
    this.apiBehavior = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: false,
    };

    const domain = customDomain(this);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'P2P lending platform: the front door (WAF, HTTPS, access logs)',
      ...(props.defaultBehavior ? { defaultRootObject: 'index.html' } : {}),
      defaultBehavior: props.defaultBehavior ?? this.apiBehavior,
      additionalBehaviors: { '/v1/*': this.apiBehavior, '/openapi.json': this.apiBehavior },
      webAclId: webAclArn,
      enableLogging: true,
      logBucket: props.store.logBucket,
      logFilePrefix: 'front-door/',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(domain
        ? { domainNames: [domain.name], certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn), minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
    });
    if (!domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'No domain was given (context frontDoorDomainName and frontDoorCertificateArn), so the distribution uses the *.cloudfront.net default certificate, whose policy CloudFront fixes; give a domain and its us-east-1 certificate and viewers need TLS 1.2 (TLSv1.2_2021).',
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geographic restriction: who may use the platform is decided by identity verification (real-name accounts), not by the network a request comes from; the WAF rules and the per-IP rate limit apply to every country.',
    });
  }
}

/** The optional custom domain: context frontDoorDomainName and frontDoorCertificateArn (an ACM certificate in us-east-1), both or neither. */
function customDomain(scope: Construct): { name: string; certificateArn: string } | undefined {
  const name: unknown = scope.node.tryGetContext('frontDoorDomainName');
  const certificateArn: unknown = scope.node.tryGetContext('frontDoorCertificateArn');
  const given = (value: unknown): value is string => typeof value === 'string' && value !== '';
  if (!given(name) && !given(certificateArn)) return undefined;
  if (!given(name) || !given(certificateArn)) throw new Error('context frontDoorDomainName and frontDoorCertificateArn go together: give both (a certificate in us-east-1 for the name) or neither');
  if (!certificateArn.startsWith('arn:') || !certificateArn.includes(':us-east-1:')) throw new Error(`context frontDoorCertificateArn must be an ACM certificate ARN in us-east-1, not ${certificateArn}`);
  return { name, certificateArn };
}
