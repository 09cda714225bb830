/**
 * Configuration through getters that fail fast: a handler that lacks a setting
 * fails at its first use with the setting's name, never with `undefined` deep inside.
 * The CDK stack and the twin set the same variables.
 */
function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`configuration ${name} is not set`);
  return value;
}

export const config = {
  tableName: (): string => required('TABLE_NAME'),
  /** Workflow names are manifest names (lib/manifest/workflows.ts), e.g. loan-origination. */
  stateMachineArn: (workflow: string): string => required(stateMachineArnVariable(workflow)),
  /** The Cognito user pool (admin calls) and its app client (sign-in); the twin's local pool locally. */
  userPoolId: (): string => required('USER_POOL_ID'),
  userPoolClientId: (): string => required('USER_POOL_CLIENT_ID'),
  /** PII data keys: from a KMS key on AWS, or wrapped by the twin's local key-encryption key file. */
  piiKeyEncryption: () => exactlyOne({ 'aws-kms': 'PII_KMS_KEY_ID', local: 'PII_LOCAL_KEY_FILE' }),
  /** The blind-index (HMAC) key: a Secrets Manager secret on AWS, a local key file on the twin. */
  piiBlindIndexKey: () => exactlyOne({ 'secrets-manager': 'PII_BLIND_INDEX_SECRET_ARN', local: 'PII_LOCAL_BLIND_INDEX_KEY_FILE' }),
  /** 'http' (a real provider, on AWS) or 'simulator' (the twin's deterministic one). */
  identityVerificationProvider: (): 'http' | 'simulator' => {
    const value = required('IDENTITY_VERIFICATION_PROVIDER');
    if (value !== 'http' && value !== 'simulator') throw new Error(`configuration IDENTITY_VERIFICATION_PROVIDER must be http or simulator, not ${value}`);
    return value;
  },
  identityVerificationUrl: (): string => required('IDENTITY_VERIFICATION_URL'),
  identityVerificationCredentialsSecretArn: (): string => required('IDENTITY_VERIFICATION_CREDENTIALS_SECRET_ARN'),
  /** The custodian bank's base URL (the twin's simulator locally). */
  custodianBankUrl: (): string => required('CUSTODIAN_BANK_URL'),
  /** The HMAC secret shared with the custodian bank: a Secrets Manager secret on AWS, the value itself on the twin. */
  custodianBankSecret: () => exactlyOne({ 'secrets-manager': 'CUSTODIAN_BANK_SECRET_ARN', local: 'CUSTODIAN_BANK_SECRET' }),
  /** Where contract documents are kept: the S3 bucket on AWS, the twin's folder standing in for it locally. */
  documentStore: () => exactlyOne({ s3: 'DOCUMENTS_BUCKET_NAME', local: 'OBJECT_STORE_DIR' }),
  /** The e-signature key: an asymmetric KMS key (ECC_NIST_P256) on AWS, the twin's Ed25519 key file (PEM) locally. */
  eSignatureKey: () => exactlyOne({ 'aws-kms': 'E_SIGNATURE_KMS_KEY_ID', local: 'E_SIGNATURE_LOCAL_KEY_FILE' }),
};

/** Exactly one of the variables is set; which one picks the implementation. */
function exactlyOne<Kind extends string>(variables: Record<Kind, string>): { kind: Kind; value: string } {
  const set = (Object.entries(variables) as Array<[Kind, string]>).filter(([, name]) => (process.env[name] ?? '') !== '');
  if (set.length !== 1) throw new Error(`configuration: set exactly one of ${Object.values(variables).join(', ')}`);
  const [kind, name] = set[0]!;
  return { kind, value: required(name) };
}

/** The environment variable that carries a workflow's state machine ARN. */
export function stateMachineArnVariable(workflow: string): string {
  return `STATE_MACHINE_ARN_${workflow.toUpperCase().replace(/-/g, '_')}`;
}
