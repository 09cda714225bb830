/** Loan contracts on AWS: the e-signature key, and who may sign, verify, read and write contract documents. */
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const signer = 'functions/workflow/sign-loan-contract.ts';
/** The custody callback signs a debt transfer's agreement when it settles the transfer. */
const transferSigner = 'functions/http/post-custody-callback.ts';
/** The other signers: a transfer settled by the reconciliation after a lost callback; a reschedule's supplementary agreement. */
const otherSigners = ['functions/schedules/daily-reconciliation.ts', 'functions/http/post-reschedule-response.ts'];
const reader = 'functions/http/get-loan-contract.ts';
const verifier = 'functions/http/get-loan-contract-verification.ts';

const keys = () => Object.entries(platform.template.findResources('AWS::KMS::Key') as Resources);
const signingKeyId = () => {
  const found = keys().filter(([, key]) => key.Properties.KeyUsage === 'SIGN_VERIFY');
  expect(found).toHaveLength(1);
  return found[0]![0];
};
const documentsBucketId = () => logicalId(platform.stateful.node.findChild('DocumentStorage').node.findChild('Documents'));
const documentsKeyId = () => logicalId(platform.stateful.node.findChild('DocumentStorage').node.findChild('Key'));

const statementsOf = (handlerFile: string) => {
  const roleId = logicalId(platform.stack.handlerFunctions.get(handlerFile)!.role);
  return Object.values(platform.template.findResources('AWS::IAM::Policy') as Resources)
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
};
/** The actions a function may take on resources that mention the logical id. */
const actionsOn = (handlerFile: string, resourceId: string) =>
  statementsOf(handlerFile)
    .filter((statement) => JSON.stringify(statement.Resource).includes(`"${resourceId}"`))
    .flatMap((statement) => [statement.Action].flat())
    .sort();
const variables = (handlerFile: string) => {
  const fn = platform.stack.handlerFunctions.get(handlerFile)!.function;
  return platform.template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables as Record<string, unknown>;
};

test('the e-signature key is an ECC P-256 signing key, kept when the stack goes', () => {
  const [, key] = keys().find(([id]) => id === signingKeyId())!;
  expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  expect(platform.template.toJSON().Resources[signingKeyId()].DeletionPolicy).toBe('Retain');
});

test('only SignContract, the transfer settlements (callback, reconciliation) and the reschedule acceptance sign; the verification route reads the public key; the PDF route touches no key but the bucket', () => {
  for (const handlerFile of [signer, transferSigner, ...otherSigners]) expect(actionsOn(handlerFile, signingKeyId())).toEqual(['kms:GetPublicKey', 'kms:Sign']);
  expect(actionsOn(verifier, signingKeyId())).toEqual(['kms:GetPublicKey']);
  expect(actionsOn(reader, signingKeyId())).toEqual([]);
  expect(variables(signer).E_SIGNATURE_KMS_KEY_ID).toEqual({ 'Fn::GetAtt': [signingKeyId(), 'Arn'] });
  expect(variables(verifier).E_SIGNATURE_KMS_KEY_ID).toEqual({ 'Fn::GetAtt': [signingKeyId(), 'Arn'] });
  expect(variables(reader).E_SIGNATURE_KMS_KEY_ID).toBeUndefined();
  for (const handlerFile of platform.stack.handlerFunctions.keys()) {
    if (![signer, transferSigner, ...otherSigners].includes(handlerFile)) expect(actionsOn(handlerFile, signingKeyId())).not.toContain('kms:Sign');
  }
});

test('documents: SignContract reads and writes objects, the contract routes only read them; none may delete or list', () => {
  expect(actionsOn(signer, documentsBucketId())).toEqual(['s3:GetObject', 's3:PutObject']);
  expect(actionsOn(transferSigner, documentsBucketId())).toEqual(['s3:GetObject', 's3:PutObject']);
  expect(actionsOn(reader, documentsBucketId())).toEqual(['s3:GetObject']);
  expect(actionsOn(verifier, documentsBucketId())).toEqual(['s3:GetObject']);
  expect(actionsOn(signer, documentsKeyId())).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  expect(actionsOn(reader, documentsKeyId())).toEqual(['kms:Decrypt']);
  for (const handlerFile of [signer, reader, verifier]) expect(variables(handlerFile).DOCUMENTS_BUCKET_NAME).toEqual({ Ref: documentsBucketId() });
  for (const handlerFile of platform.stack.handlerFunctions.keys()) {
    const actions = actionsOn(handlerFile, documentsBucketId());
    expect(actions.filter((action) => /Delete|List|\*/.test(action))).toEqual([]);
  }
});
