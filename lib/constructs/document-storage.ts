/**
 * S3 for loan contracts and disclosure exports (KMS-encrypted with its own rotating
 * key, versioned, no public access, TLS only), and the bucket that receives the
 * server access logs of this stack's buckets.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** What every bucket of the platform has in common. */
export const privateBucketDefaults = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies s3.BucketProps;

export class DocumentStorage extends Construct {
  readonly documentsBucket: s3.Bucket;
  readonly documentsKey: kms.Key;
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucketDefaults,
      // S3 server access logging delivers only to buckets with SSE-S3 encryption. (cdk-nag's
      // S1 does not ask a log-target bucket to log its own access, which would never end.)
      encryption: s3.BucketEncryption.S3_MANAGED,
    });

    this.documentsKey = new kms.Key(this, 'Key', {
      description: 'Encrypts loan contracts and disclosure exports',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.documentsBucket = new s3.Bucket(this, 'Documents', {
      ...privateBucketDefaults,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.documentsKey,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
    });
  }
}
