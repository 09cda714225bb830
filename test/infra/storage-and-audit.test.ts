/** The documents bucket, the access-log bucket and the CloudTrail trail. */
import type { IConstruct } from 'constructs';
import { arnOf, logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const resource = (path: string[]) => {
  const construct = path.reduce((scope: IConstruct, id) => scope.node.findChild(id), platform.stateful);
  return { id: logicalId(construct), construct, ...(platform.template.toJSON().Resources[logicalId(construct)] as Resources[string]) };
};
const blockAll = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

test('every bucket blocks public access, is versioned, encrypted and retained', () => {
  const buckets = platform.template.findResources('AWS::S3::Bucket') as Resources;
  expect(Object.keys(buckets).length).toBeGreaterThanOrEqual(3);
  for (const bucket of Object.values(buckets)) {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual(blockAll);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toHaveLength(1);
  }
  platform.template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
});

test('the documents bucket uses its own rotating KMS key, and logs access to the access-log bucket', () => {
  const documents = resource(['DocumentStorage', 'Documents']);
  const key = resource(['DocumentStorage', 'Key']);
  const accessLogs = resource(['DocumentStorage', 'AccessLogs']);
  expect(documents.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
    BucketKeyEnabled: true,
    ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(key.construct) },
  });
  expect(key.Properties.EnableKeyRotation).toBe(true);
  expect(documents.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: accessLogs.id }, LogFilePrefix: 'documents/' });
});

test('every bucket policy denies requests without TLS', () => {
  const policies = Object.values(platform.template.findResources('AWS::S3::BucketPolicy') as Resources);
  const buckets = Object.keys(platform.template.findResources('AWS::S3::Bucket'));
  expect(policies.map((policy) => policy.Properties.Bucket.Ref).sort()).toEqual([...buckets].sort());
  for (const policy of policies) {
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  }
});

describe('the audit trail', () => {
  const trail = () => resource(['AuditTrail', 'Trail']).Properties;

  test('validates log files, covers all regions and global services, and writes to its own bucket', () => {
    expect(trail().EnableLogFileValidation).toBe(true);
    expect(trail().IsMultiRegionTrail).toBe(true);
    expect(trail().IncludeGlobalServiceEvents).toBe(true);
    expect(trail().IsLogging).toBe(true);
    expect(trail().S3BucketName).toEqual({ Ref: resource(['AuditTrail', 'Logs']).id });
  });

  test('records management events and data events of the table and the documents bucket', () => {
    const selectors = trail().AdvancedEventSelectors as Array<{ FieldSelectors: Array<Record<string, unknown>> }>;
    expect(trail().EventSelectors).toBeUndefined(); // advanced selectors only
    const fieldSets = selectors.map((selector) => selector.FieldSelectors);
    expect(fieldSets).toContainEqual([{ Field: 'eventCategory', Equals: ['Management'] }]);
    expect(fieldSets).toContainEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
      { Field: 'resources.ARN', Equals: [arnOf(platform.stateful.node.findChild('PlatformTable').node.findChild('Table'))] },
    ]);
    expect(fieldSets).toContainEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [arnOf(resource(['DocumentStorage', 'Documents']).construct), '/']] }] },
    ]);
  });
});

test('the stack outputs the API URL, user pool, client, table and bucket', () => {
  const outputs = Object.keys(platform.template.toJSON().Outputs);
  expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'DocumentsBucketName']));
});
