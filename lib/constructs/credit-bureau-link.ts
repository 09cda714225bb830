/**
 * Where the platform asks a real credit bureau (征信), for operators to fill after the
 * first deploy (docs/operations.md): an SSM parameter with the bureau's https base URL
 * and a Secrets Manager secret with the app key and secret it issued. Both start as
 * `set-by-operator`; until they are filled, the first loan application fails with an
 * error naming CREDIT_BUREAU_ENDPOINT_PARAMETER or CREDIT_BUREAU_CREDENTIALS_SECRET_ARN
 * (functions/adapters/credit-bureau/credit-bureau-http.ts).
 */
import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { notYetFilled } from '../../functions/adapters/credit-bureau/credit-bureau-http';

export class CreditBureauLink extends Construct {
  readonly endpoint: ssm.StringParameter;
  readonly credentials: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.endpoint = new ssm.StringParameter(this, 'Endpoint', {
      description: "The credit bureau's https base URL; set by operators",
      stringValue: notYetFilled,
    });
    this.endpoint.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.credentials = new secretsmanager.Secret(this, 'Credentials', {
      description: "The credit bureau's app key and secret; set to what the bureau issued",
      generateSecretString: { secretStringTemplate: JSON.stringify({ appKey: notYetFilled }), generateStringKey: 'appSecret', passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.credentials).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'These credentials are issued by the external credit bureau, not by AWS: no rotation Lambda can create new ones, so the operator rotates them with the bureau and updates the secret value.',
    });
    new CfnOutput(this, 'CreditBureauEndpointParameterName', { value: this.endpoint.parameterName, description: "Set to the credit bureau's https base URL" });
    new CfnOutput(this, 'CreditBureauCredentialsSecretArn', { value: this.credentials.secretArn, description: 'Set to the credit bureau\'s {"appKey", "appSecret"}' });
  }
}
