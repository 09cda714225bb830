/**
 * What protects personal data (ID numbers, phones, bank cards, names) on AWS:
 *
 * - a dedicated customer-managed KMS key for the PII vault's envelopes, with yearly
 *   rotation. Not the table's key: every function that writes the table can use the
 *   table key (DynamoDB needs it), while only the functions that seal or open PII get
 *   GenerateDataKey or Decrypt on this one, so reading the table is not reading PII,
 *   and CloudTrail's record of this key's use is the record of PII access;
 * - the blind-index HMAC key, a Secrets Manager secret generated at deploy time;
 * - the identity-verification provider's app credentials ({"appKey", "appSecret"}),
 *   a secret the operator sets to what the provider issued; its URL comes from the
 *   CDK context value `identityVerificationUrl`.
 */
import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class PiiProtection extends Construct {
  readonly key: kms.Key;
  readonly blindIndexSecret: secretsmanager.Secret;
  readonly identityProviderCredentials: secretsmanager.Secret;
  /** Undefined until the operator names the provider (context `identityVerificationUrl`). */
  readonly identityVerificationUrl: string | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: "Envelope encryption of users' personal data (PII vault data keys): ID numbers, phones, bank cards, names",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.blindIndexSecret = new secretsmanager.Secret(this, 'BlindIndexKey', {
      description: 'HMAC-SHA256 key of the PII blind index (find a user by ID number without storing it)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.blindIndexSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The blind-index key must stay fixed: every IDENTITY#<hmac> item (one identity, one account) is keyed by an HMAC under it, so rotating it silently breaks duplicate-identity detection; it is re-keyed only by a planned re-index.',
    });

    this.identityProviderCredentials = new secretsmanager.Secret(this, 'IdentityProviderCredentials', {
      description: "The identity-verification provider's app key and secret; set to what the provider issued",
      generateSecretString: { secretStringTemplate: JSON.stringify({ appKey: 'set-by-operator' }), generateStringKey: 'appSecret', passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.identityProviderCredentials).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'These credentials are issued by the external identity-verification provider, not by AWS: no rotation Lambda can create new ones, so the operator rotates them with the provider and updates the secret value.',
    });

    new CfnOutput(this, 'IdentityProviderCredentialsSecretArn', {
      value: this.identityProviderCredentials.secretArn,
      description: "Set to the identity-verification provider's {\"appKey\", \"appSecret\"}",
    });

    const url: unknown = this.node.tryGetContext('identityVerificationUrl');
    this.identityVerificationUrl = typeof url === 'string' && url !== '' ? url : undefined;
  }
}
