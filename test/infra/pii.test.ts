/**
 * PII protection on AWS: a dedicated rotating KMS key and the blind-index and provider
 * secrets; exactly the functions whose manifest entries ask for them can use them.
 */
import { routes } from '../../functions/api/routes';
import { logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const pii = () => platform.stateful.node.findChild('PiiProtection');
const idOf = (child: string) => logicalId(pii().node.findChild(child));
type Statement = { Action: string | string[]; Resource: unknown };
const statementsOf = (handlerFile: string): Statement[] => {
  const roleId = logicalId(platform.stack.handlerFunctions.get(handlerFile)!.role);
  return Object.values(platform.template.findResources('AWS::IAM::Policy') as Resources)
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const variablesOf = (handlerFile: string) =>
  (platform.template.toJSON().Resources[logicalId(platform.stack.handlerFunctions.get(handlerFile)!.function)] as Resources[string]).Properties.Environment
    .Variables as Record<string, unknown>;
const mentions = (statement: Statement, id: string) => JSON.stringify(statement.Resource).includes(`"${id}"`);

test('the PII key is its own customer-managed key, rotated and retained; the secrets are retained', () => {
  const key = platform.template.toJSON().Resources[idOf('Key')] as Resources[string];
  expect(key.Type).toBe('AWS::KMS::Key');
  expect(key.Properties.EnableKeyRotation).toBe(true);
  expect(idOf('Key')).not.toBe(logicalId(platform.stateful.node.findChild('PlatformTable').node.findChild('Key')));
  for (const secret of ['BlindIndexKey', 'IdentityProviderCredentials']) {
    expect(platform.template.toJSON().Resources[idOf(secret)]).toMatchObject({ Type: 'AWS::SecretsManager::Secret', DeletionPolicy: 'Retain' });
  }
});

test('each function gets the PII key, the blind-index secret and the provider exactly as its manifest entry says', () => {
  for (const route of routes) {
    const statements = statementsOf(route.handler);
    const variables = variablesOf(route.handler);
    const onKey = statements.filter((statement) => mentions(statement, idOf('Key')));
    const keyActions = onKey.flatMap((statement) => [statement.Action].flat()).sort();
    const expectedKeyActions = [...(route.resources.includes('pii:open') ? ['kms:Decrypt'] : []), ...(route.resources.includes('pii:seal') ? ['kms:GenerateDataKey'] : [])];
    expect({ route: route.id, keyActions }).toEqual({ route: route.id, keyActions: expectedKeyActions });
    const readsBlindIndex = statements.some((statement) => mentions(statement, idOf('BlindIndexKey')));
    expect({ route: route.id, readsBlindIndex }).toEqual({ route: route.id, readsBlindIndex: route.resources.includes('pii:index') });
    const readsProvider = statements.some((statement) => mentions(statement, idOf('IdentityProviderCredentials')));
    expect({ route: route.id, readsProvider }).toEqual({ route: route.id, readsProvider: route.resources.includes('identity:verify') });
    expect(variables.PII_KMS_KEY_ID !== undefined).toBe(route.resources.includes('pii:seal') || route.resources.includes('pii:open'));
    expect(variables.PII_BLIND_INDEX_SECRET_ARN !== undefined).toBe(route.resources.includes('pii:index'));
    // On AWS the identity provider is always the real one: the simulator never deploys.
    expect(variables.IDENTITY_VERIFICATION_PROVIDER).toBe(route.resources.includes('identity:verify') ? 'http' : undefined);
  }
});

test('verification seals and indexes; no workflow task or schedule touches PII', () => {
  const verification = routes.find((route) => route.id === 'postVerification')!;
  expect(statementsOf(verification.handler).some((statement) => [statement.Action].flat().includes('kms:GenerateDataKey'))).toBe(true);
  expect(variablesOf(verification.handler).PII_KMS_KEY_ID).toEqual({ 'Fn::GetAtt': [idOf('Key'), 'Arn'] });
  const routeHandlers = new Set(routes.map((route) => route.handler));
  for (const [handlerFile] of platform.stack.handlerFunctions) {
    if (routeHandlers.has(handlerFile)) continue;
    const statements = statementsOf(handlerFile);
    for (const child of ['Key', 'BlindIndexKey', 'IdentityProviderCredentials']) expect(statements.some((statement) => mentions(statement, idOf(child)))).toBe(false);
  }
});
