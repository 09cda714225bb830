/**
 * Turns a handler's manifest resources into its environment and least-privilege
 * grants: table read vs read/write, and per-workflow Step Functions actions on the
 * specific state machines.
 */
import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { stateMachineArnVariable } from '../functions/settings/settings';
import type { ContractSigning } from './constructs/contract-signing';
import type { CreditBureauLink } from './constructs/credit-bureau-link';
import type { CustodianBankLink } from './constructs/custodian-bank-link';
import type { DocumentStorage } from './constructs/document-storage';
import type { HandlerFunction } from './constructs/handler-function';
import type { PiiProtection } from './constructs/pii-protection';
import type { ResourceAccess } from '../functions/api/routes';
import type { WorkflowIdentity } from './workflow-identity';

/** Which providers the functions use: the real ones, or (staging only, -c providers=simulator) the simulators. */
export type ProviderMode = 'real' | 'simulator';

export interface GrantableResources {
  readonly providers: ProviderMode;
  readonly creditBureau: CreditBureauLink;
  readonly table: dynamodb.Table;
  readonly workflows: readonly WorkflowIdentity[];
  readonly pii: PiiProtection;
  readonly custodianBank: CustodianBankLink;
  readonly documents: DocumentStorage;
  readonly contractSigning: ContractSigning;
}

const workflowActions: Partial<Record<ResourceAccess, readonly string[]>> = {
  'workflows:start': ['states:StartExecution'],
  'workflows:describe': ['states:DescribeStateMachine'],
  // Completing a waiting task (a reviewer's decision, the bid that fills a listing).
  'workflows:callback': ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
};

export function grantResources(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, resources: GrantableResources): void {
  grantTable(target, access, resources.table);
  grantWorkflows(target, access, resources.workflows);
  grantPii(target, access, resources.pii, resources.providers);
  grantCustodianBank(target, access, resources.custodianBank);
  grantDocuments(target, access, resources.documents);
  grantContractSigning(target, access, resources.contractSigning);
  grantNotifier(target, access);
  grantCreditBureau(target, access, resources);
}

/** The credit bureau: its endpoint parameter and credentials secret (read only), or the simulator. */
function grantCreditBureau(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, resources: GrantableResources): void {
  if (!access.has('credit-bureau:report')) return;
  if (resources.providers === 'simulator') {
    target.addEnvironment('CREDIT_BUREAU_PROVIDER', 'simulator');
    return;
  }
  const { endpoint, credentials } = resources.creditBureau;
  target.addEnvironment('CREDIT_BUREAU_PROVIDER', 'http');
  target.addEnvironment('CREDIT_BUREAU_ENDPOINT_PARAMETER', endpoint.parameterName);
  target.addEnvironment('CREDIT_BUREAU_CREDENTIALS_SECRET_ARN', credentials.secretArn);
  endpoint.grantRead(target.role);
  credentials.grantRead(target.role);
}

/**
 * Notifications (functions/adapters/notifier/notifier.ts): the handler publishes to one SNS topic,
 * encrypted with its own key, by user id and masked text only; the topic's subscriber
 * (the SMS/push delivery service that holds contact details) delivers. So the job that
 * sends reminders never opens personal data. sns:Publish on that topic only.
 */
function grantNotifier(target: HandlerFunction, access: ReadonlySet<ResourceAccess>): void {
  if (!access.has('notifier:sms')) return;
  // One topic for the whole stateless stack, whichever nested stack the handler is in.
  let stack = Stack.of(target);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  const existing = stack.node.tryFindChild('Notifications') as sns.Topic | undefined;
  const topic =
    existing ??
    new sns.Topic(stack, 'Notifications', {
      displayName: 'Notifications to users (SMS/push), by user id',
      enforceSSL: true,
      masterKey: new kms.Key(stack, 'NotificationsKey', { enableKeyRotation: true, description: 'Encrypts the notifications topic (messages to users by user id)' }),
    });
  target.addEnvironment('NOTIFIER_PROVIDER', 'sns');
  target.addEnvironment('NOTIFICATIONS_TOPIC_ARN', topic.topicArn);
  target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
  topic.masterKey?.grant(target.role, 'kms:GenerateDataKey', 'kms:Decrypt');
}

/**
 * The documents bucket: GetObject / PutObject on its objects and the matching use of its
 * KMS key (Decrypt to read; GenerateDataKey to write, and Decrypt, which S3 needs for a
 * checksummed or multipart upload under a KMS key), with DOCUMENTS_BUCKET_NAME.
 */
function grantDocuments(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, storage: DocumentStorage): void {
  const reads = access.has('documents:read');
  const writes = access.has('documents:write');
  if (!reads && !writes) return;
  target.addEnvironment('DOCUMENTS_BUCKET_NAME', storage.documentsBucket.bucketName);
  const objects = storage.documentsBucket.arnForObjects('*');
  target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...(reads ? ['s3:GetObject'] : []), ...(writes ? ['s3:PutObject'] : [])], resources: [objects] }));
  storage.documentsKey.grant(target.role, 'kms:Decrypt', ...(writes ? ['kms:GenerateDataKey'] : []));
  const bucketArn = nagArnName(target, storage.documentsBucket.node.defaultChild as s3.CfnBucket, storage.documentsBucket.bucketArn);
  Validations.of(target.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${bucketArn}/*]`,
    reason:
      'Documents are keyed by what they belong to (contracts/{loanId}/loan-contract-v2.pdf, contracts/{loanId}/transfer-{purchaseId}-v1.pdf: ids known only at run time), so the grant covers the objects of this one documents bucket, with only GetObject/PutObject (no delete, no listing, no other bucket).',
  });
}

/** The contracts' e-signature key: kms:Sign (and GetPublicKey) to sign, kms:GetPublicKey to verify, with E_SIGNATURE_KMS_KEY_ID. */
function grantContractSigning(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, signing: ContractSigning): void {
  const signs = access.has('contracts:sign');
  if (!signs && !access.has('contracts:verify')) return;
  target.addEnvironment('E_SIGNATURE_KMS_KEY_ID', signing.key.keyArn);
  signing.key.grant(target.role, 'kms:GetPublicKey', ...(signs ? ['kms:Sign'] : []));
}

/** The custodian bank: its URL, and read on the shared HMAC secret, each only where the manifest asks. */
function grantCustodianBank(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, bank: CustodianBankLink): void {
  // Without a URL the handler fails fast at its first call to the bank, naming CUSTODIAN_BANK_URL.
  if (access.has('custodian-bank:endpoint') && bank.url) target.addEnvironment('CUSTODIAN_BANK_URL', bank.url);
  if (access.has('custodian-bank:secret')) {
    target.addEnvironment('CUSTODIAN_BANK_SECRET_ARN', bank.sharedSecret.secretArn);
    bank.sharedSecret.grantRead(target.role);
  }
}

function grantTable(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, table: dynamodb.Table): void {
  const reads = access.has('table:read');
  const writes = access.has('table:write');
  if (!reads && !writes) return;
  target.addEnvironment('TABLE_NAME', table.tableName);
  if (reads && writes) table.grantReadWriteData(target.role);
  else if (reads) table.grantReadData(target.role);
  else table.grantWriteData(target.role);

  const tableArn = nagArnName(target, table.node.defaultChild as dynamodb.CfnTable, table.tableArn);
  const acknowledge = (id: string, reason: string) => Validations.of(target.role).acknowledge({ id, reason });
  acknowledge(
    `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
    "dynamodb.Table's grant adds <table ARN>/index/* so the handler can query the table's GSIs (functions/manifest/table.ts); the wildcard ranges over this one table's indexes, never another table.",
  );
  if (writes) {
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        `AwsSolutions-IAM5[Action::${action}]`,
        `${action} is part of dynamodb.Table's write grant and applies only to the table's own customer-managed key (resource = that key's ARN), which DynamoDB uses to encrypt items this handler writes.`,
      );
    }
  }
}

/**
 * How cdk-nag names a resource's ARN in a finding on `consumer`: <LogicalId.Arn> in the
 * resource's own stack; from another stack (the stateless stack using the stateful one),
 * the name of the export it is imported by, which Stack.exportValue gives (the same
 * export CDK makes for the reference itself).
 */
function nagArnName(consumer: Construct, resource: CfnResource, arn: string): string {
  const owner = Stack.of(resource);
  if (Stack.of(consumer) === owner) return `<${owner.resolve(owner.getLogicalId(resource))}.Arn>`;
  const imported = owner.resolve(owner.exportValue(arn)) as { 'Fn::ImportValue': string };
  return imported['Fn::ImportValue'];
}

function grantWorkflows(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, workflows: readonly WorkflowIdentity[]): void {
  const actions = [...access].flatMap((grant) => workflowActions[grant] ?? []);
  if (actions.length === 0 || workflows.length === 0) return;
  for (const identity of workflows) target.addEnvironment(stateMachineArnVariable(identity.workflow.name), identity.stateMachineArn);
  target.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions, resources: workflows.map((identity) => identity.stateMachineArn) }),
  );
}

/**
 * The PII vault and the identity provider: GenerateDataKey (seal) and Decrypt (open)
 * on the PII key only, read on the blind-index secret, and the provider's URL and
 * credentials; each with the variable that tells the handler where to find it.
 */
function grantPii(target: HandlerFunction, access: ReadonlySet<ResourceAccess>, pii: PiiProtection, providers: ProviderMode): void {
  if (access.has('pii:seal') || access.has('pii:open')) target.addEnvironment('PII_KMS_KEY_ID', pii.key.keyArn);
  if (access.has('pii:seal')) pii.key.grant(target.role, 'kms:GenerateDataKey');
  if (access.has('pii:open')) pii.key.grant(target.role, 'kms:Decrypt');
  if (access.has('pii:index')) {
    target.addEnvironment('PII_BLIND_INDEX_SECRET_ARN', pii.blindIndexSecret.secretArn);
    pii.blindIndexSecret.grantRead(target.role);
  }
  if (access.has('identity:verify') && providers === 'simulator') target.addEnvironment('IDENTITY_VERIFICATION_PROVIDER', 'simulator');
  if (access.has('identity:verify') && providers === 'real') {
    target.addEnvironment('IDENTITY_VERIFICATION_PROVIDER', 'http');
    // Without a URL the handler fails fast at its first verification, naming IDENTITY_VERIFICATION_URL.
    if (pii.identityVerificationUrl) target.addEnvironment('IDENTITY_VERIFICATION_URL', pii.identityVerificationUrl);
    target.addEnvironment('IDENTITY_VERIFICATION_CREDENTIALS_SECRET_ARN', pii.identityProviderCredentials.secretArn);
    pii.identityProviderCredentials.grantRead(target.role);
  }
}

/**
 * The Cognito user pool's admin actions, per manifest grant: exactly those the identity
 * adapter (functions/adapters/identity/identity-provider.ts) calls for that purpose, on this one pool.
 * Sign-in (InitiateAuth) is an unauthenticated Cognito API: it needs the app client id, no IAM.
 */
const userPoolActions: Partial<Record<ResourceAccess, readonly string[]>> = {
  'user-pool:register': [
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminSetUserPassword',
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminListGroupsForUser',
  ],
  'user-pool:roles': ['cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminRemoveUserFromGroup'],
};

/** Called once the API (which owns the user pool) exists: the pool's ids and admin actions. */
export function grantUserPool(
  target: HandlerFunction,
  access: ReadonlySet<ResourceAccess>,
  pool: { readonly userPool: cognito.IUserPool; readonly userPoolClient: cognito.IUserPoolClient },
): void {
  if (access.has('user-pool:sign-in')) target.addEnvironment('USER_POOL_CLIENT_ID', pool.userPoolClient.userPoolClientId);
  const actions = [...new Set([...access].flatMap((grant) => userPoolActions[grant] ?? []))];
  if (actions.length === 0) return;
  target.addEnvironment('USER_POOL_ID', pool.userPool.userPoolId);
  pool.userPool.grant(target.role, ...actions);
}
