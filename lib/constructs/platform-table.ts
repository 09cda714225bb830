/**
 * The platform's one DynamoDB table, built from functions/manifest/table.ts: on-demand,
 * point-in-time recovery, deletion protection, a customer-managed KMS key with
 * rotation, a NEW_AND_OLD_IMAGES stream and every index of the manifest.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TableDefinition } from '../../functions/manifest/table';

export interface PlatformTableProps {
  readonly definition: TableDefinition;
}

export class PlatformTable extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: PlatformTableProps) {
    super(scope, id);
    const { definition } = props;
    const stringAttribute = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${definition.logicalName} table: loans, bids, ledger entries and borrowers' personal data`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // dynamodb.Table, not TableV2: TableV2 cannot render a customer-managed key in an
    // environment-agnostic stack (its key is per replica region).
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringAttribute(definition.partitionKey),
      sortKey: stringAttribute(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: definition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Projection ALL, as on the twin (lib/local): the adapters read whole items through the indexes.
    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringAttribute(index.partitionKey),
        sortKey: stringAttribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
