/**
 * What the platform keeps: the table (and its key), the PII key and secrets, the
 * custodian bank's shared secret, the documents and log buckets, the e-signature key,
 * the user pool, the CloudTrail trail, the front door's log bucket and origin secret, and the request-keys secret. Termination protection is on and every
 * resource is RETAINed, so the stateless stack (lib/platform-stack.ts) can be destroyed
 * and redeployed without losing a loan, a user or a contract.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AuditTrail } from './constructs/audit-trail';
import { ContractSigning } from './constructs/contract-signing';
import { CreditBureauLink } from './constructs/credit-bureau-link';
import { CustodianBankLink } from './constructs/custodian-bank-link';
import { DocumentStorage } from './constructs/document-storage';
import { FrontDoorStore } from './constructs/front-door';
import { WebsiteStore } from './constructs/website';
import { PiiProtection } from './constructs/pii-protection';
import { PlatformTable } from './constructs/platform-table';
import { PlatformUsers } from './constructs/platform-users';
import { RequestKeys } from './constructs/request-keys';
import { roles } from '../functions/core/roles';
import { platformTable } from '../functions/manifest/table';

export class StatefulStack extends Stack {
  readonly data: PlatformTable;
  readonly pii: PiiProtection;
  readonly custodianBank: CustodianBankLink;
  readonly creditBureau: CreditBureauLink;
  readonly storage: DocumentStorage;
  readonly contractSigning: ContractSigning;
  readonly users: PlatformUsers;
  readonly frontDoor: FrontDoorStore;
  readonly requestKeys: RequestKeys;
  /** The website's bucket (web/dist), read by the front door through origin access control. */
  readonly website: WebsiteStore;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: 'P2P lending platform, stateful: table, keys, buckets, user pool, secrets, audit trail (termination protection, RETAIN)',
      terminationProtection: true,
      ...props,
    });
    this.data = new PlatformTable(this, 'PlatformTable', { definition: platformTable });
    this.pii = new PiiProtection(this, 'PiiProtection');
    this.custodianBank = new CustodianBankLink(this, 'CustodianBank');
    this.creditBureau = new CreditBureauLink(this, 'CreditBureau');
    this.storage = new DocumentStorage(this, 'DocumentStorage');
    this.contractSigning = new ContractSigning(this, 'ContractSigning');
    this.users = new PlatformUsers(this, 'Users', { roles });
    this.frontDoor = new FrontDoorStore(this, 'FrontDoor', { accessLogsBucket: this.storage.accessLogsBucket });
    this.requestKeys = new RequestKeys(this, 'RequestKeys');
    this.website = new WebsiteStore(this, 'Website', { accessLogsBucket: this.storage.accessLogsBucket });
    new AuditTrail(this, 'AuditTrail', {
      table: this.data.table,
      documentsBucket: this.storage.documentsBucket,
      accessLogsBucket: this.storage.accessLogsBucket,
    });

    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'WebsiteBucketName', { value: this.website.bucket.bucketName, description: 'Upload web/dist here (docs/operations.md: the website)' });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.storage.documentsBucket.bucketName });
    new CfnOutput(this, 'OriginVerifySecretArn', {
      value: this.frontDoor.originSecret.secretArn,
      description: 'The front door origin secret (X-Origin-Verify); rotate it as docs/operations.md says',
    });
    new CfnOutput(this, 'CustodianBankSecretArn', {
      value: this.custodianBank.sharedSecret.secretArn,
      description: 'Set this secret to the HMAC secret agreed with the custodian bank',
    });
  }
}
