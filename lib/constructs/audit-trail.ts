/**
 * CloudTrail for auditors: management events in every region, and data events for
 * the platform table and the documents bucket, with log-file integrity validation,
 * into a bucket of its own.
 *
 * Trail's L2 API selects S3 and Lambda data events only, through basic event
 * selectors; DynamoDB data events need advanced event selectors, and a trail uses
 * either kind, so all selectors here are advanced ones, set on the CfnTrail.
 */
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucketDefaults } from './document-storage';

export interface AuditTrailProps {
  readonly table: dynamodb.ITable;
  readonly documentsBucket: s3.IBucket;
  readonly accessLogsBucket: s3.IBucket;
}

export class AuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Logs', {
      ...privateBucketDefaults,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'audit-trail/',
    });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.bucket,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
    });

    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.advancedEventSelectors = [
      {
        name: 'Management events',
        fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
      },
      {
        name: 'Platform table data events',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
          { field: 'resources.ARN', equalTo: [props.table.tableArn] },
        ],
      },
      {
        name: 'Documents bucket data events',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', startsWith: [`${props.documentsBucket.bucketArn}/`] },
        ],
      },
    ];
    // Trail always renders EventSelectors (an empty list here); a trail takes one kind of selector or the other.
    cfnTrail.addPropertyDeletionOverride('EventSelectors');
  }
}
