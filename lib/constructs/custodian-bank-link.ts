/**
 * The platform's link to its custodian bank (资金存管) on AWS:
 *
 * - the HMAC secret shared with the bank, a Secrets Manager secret generated at
 *   deploy time that the operator sets to the value agreed with the bank; only the
 *   functions whose manifest entries ask for `custodian-bank:secret` may read it
 *   (lib/resource-grants.ts);
 * - the bank's base URL, from the CDK context value `custodianBankUrl`.
 * A reconciliation difference pages through its failure signal (ReconciliationDifferenceAlarm,
 * lib/constructs/platform-alarms.ts), like every other money failure.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class CustodianBankLink extends Construct {
  readonly sharedSecret: secretsmanager.Secret;
  /** Undefined until the operator names the bank (context `custodianBankUrl`): handlers then fail fast naming CUSTODIAN_BANK_URL. */
  readonly url: string | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.sharedSecret = new secretsmanager.Secret(this, 'SharedSecret', {
      description: 'HMAC-SHA256 secret shared with the custodian bank: signs instructions, verifies its callbacks; set to the value agreed with the bank',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.sharedSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The custodian bank holds the same HMAC secret: a rotation Lambda cannot change the bank side, so the operator rotates it with the bank on an agreed date and updates the value here; handlers re-read it within five minutes.',
    });
    const url: unknown = this.node.tryGetContext('custodianBankUrl');
    this.url = typeof url === 'string' && url !== '' ? url : undefined;
  }
}
