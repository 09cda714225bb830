/**
 * The request-keys secret, in the stateful stack: generated at deploy time, the one
 * secret from which the functions derive the page-cursor key and the
 * idempotency-fingerprint key (functions/adapters/secrets/request-keys.ts). The same value
 * in every function, so a cursor one instance gave opens in another and a retried request
 * finds the fingerprint the first one stored. Every function may read it: the
 * repositories' list reads, which seal cursors, are in every bundle that uses a repository.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { HandlerFunction } from './handler-function';

export class RequestKeys extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'The request keys: page cursors are sealed, and idempotency fingerprints signed, with keys derived from it',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A new value makes every page cursor already handed out a 400 and every Idempotency-Key stored in the last 24 hours a 422 on retry; operators change it in a quiet window (docs/operations.md), not on an automatic schedule.',
    });
  }

  /** A function derives its keys from the secret: its ARN in REQUEST_KEYS_SECRET_ARN, read access. */
  grantRead(handler: HandlerFunction): void {
    handler.addEnvironment('REQUEST_KEYS_SECRET_ARN', this.secret.secretArn);
    this.secret.grantRead(handler.role);
  }
}
