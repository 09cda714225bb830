/** The platform table against functions/manifest/table.ts. */
import { platformTable } from '../../functions/manifest/table';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const tables = () => platform.template.findResources('AWS::DynamoDB::Table') as Resources;
const theTable = () => {
  const found = Object.values(tables());
  expect(found).toHaveLength(1);
  return found[0]!.Properties;
};

test('there is exactly one table, on demand, keyed as the manifest says', () => {
  const table = theTable();
  expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  expect(table.KeySchema).toEqual([
    { AttributeName: platformTable.partitionKey, KeyType: 'HASH' },
    { AttributeName: platformTable.sortKey, KeyType: 'RANGE' },
  ]);
});

test('point-in-time recovery and deletion protection are on, and the table is retained', () => {
  expect(theTable().PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  expect(theTable().DeletionProtectionEnabled).toBe(true);
  platform.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
});

test('items are encrypted with a customer-managed KMS key that rotates', () => {
  const sse = theTable().SSESpecification;
  expect(sse).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
  const keyId = sse.KMSMasterKeyId['Fn::GetAtt'][0] as string;
  const key = platform.template.toJSON().Resources[keyId];
  expect(key.Type).toBe('AWS::KMS::Key');
  expect(key.Properties.EnableKeyRotation).toBe(true);
  expect(keyId).toBe(logicalId(platform.stateful.node.findChild('PlatformTable').node.findChild('Key')));
});

test('the stream carries new and old images', () => {
  expect(theTable().StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
});

test('every index of the manifest exists with its keys, and no other', () => {
  const indexes = theTable().GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
  expect(indexes.map((index) => index.IndexName).sort()).toEqual(platformTable.indexes.map((index) => index.name).sort());
  for (const expected of platformTable.indexes) {
    const index = indexes.find((candidate) => candidate.IndexName === expected.name)!;
    expect(index.KeySchema).toEqual([
      { AttributeName: expected.partitionKey, KeyType: 'HASH' },
      { AttributeName: expected.sortKey, KeyType: 'RANGE' },
    ]);
    expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
  }
});

test('every key attribute is a string', () => {
  const attributes = theTable().AttributeDefinitions as Array<{ AttributeName: string; AttributeType: string }>;
  const expected = [platformTable.partitionKey, platformTable.sortKey, ...platformTable.indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  expect(attributes.map((attribute) => attribute.AttributeName).sort()).toEqual([...new Set(expected)].sort());
  expect(attributes.every((attribute) => attribute.AttributeType === 'S')).toBe(true);
});

test('idempotency keys and other short-lived items expire through the manifest TTL attribute', () => {
  expect(theTable().TimeToLiveSpecification).toEqual({ AttributeName: platformTable.timeToLiveAttribute, Enabled: true });
});
