/**
 * The e-signature key of loan contracts: an asymmetric KMS key (ECC_NIST_P256,
 * SIGN_VERIFY). The SignContract task signs each party's statement over the contract's
 * SHA-256 with ECDSA_SHA_256 (kms:Sign); the verification route checks signatures
 * with its public key (kms:GetPublicKey). The private key never leaves KMS.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export class ContractSigning extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Signs the SHA-256 digests of loan contracts for their parties (e-signature, ECDSA P-256)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Signatures must stay verifiable for the life of every contract.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
