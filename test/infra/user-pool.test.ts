/**
 * The user pool as the identity adapter uses it: accounts made only through the
 * platform (no self sign-up), sign-in by username with USER_PASSWORD_AUTH and refresh
 * tokens, and each handler holding exactly the Cognito admin actions its manifest
 * entry names, on this pool only, with the pool's ids in its environment.
 */
import { routes } from '../../functions/api/routes';
import { arnOf, logicalId, synthesizePlatform, type Resources, type SynthesizedPlatform } from './support/platform';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesizePlatform();
});
afterAll(() => platform.dispose());

const userPool = () => platform.stateful.users.userPool;
const userPoolClient = () => userPool().node.findChild('WebClient');

const expectedActions: Record<string, string[]> = {
  'user-pool:register': [
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminListGroupsForUser',
    'cognito-idp:AdminSetUserPassword',
  ],
  'user-pool:roles': ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminRemoveUserFromGroup'],
};

function cognitoStatementsOf(handlerFile: string) {
  const roleId = logicalId(platform.stack.handlerFunctions.get(handlerFile)!.role);
  return Object.values(platform.template.findResources('AWS::IAM::Policy') as Resources)
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')));
}

test('users are made only through the platform, sign in by username, and the app client allows exactly the adapter’s flows', () => {
  platform.template.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
  const pool = platform.template.toJSON().Resources[logicalId(userPool())].Properties;
  expect(pool.UsernameAttributes).toBeUndefined();
  expect(pool.AliasAttributes).toBeUndefined();
  const client = platform.template.toJSON().Resources[logicalId(userPoolClient())].Properties;
  expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
  expect(client.GenerateSecret).toBe(false);
});

test.each(routes.map((route) => [route.id, route] as const))('route %s gets the user pool access its manifest entry declares, and no more', (_id, route) => {
  const handler = platform.stack.handlerFunctions.get(route.handler)!;
  const variables = platform.template.toJSON().Resources[logicalId(handler.function)].Properties.Environment.Variables as Record<string, unknown>;
  const resources = new Set<string>(route.resources);
  const wanted = [...new Set(Object.entries(expectedActions).flatMap(([grant, actions]) => (resources.has(grant) ? actions : [])))].sort();

  const statements = cognitoStatementsOf(route.handler);
  expect(statements.flatMap((statement) => [statement.Action].flat()).sort()).toEqual(wanted);
  for (const statement of statements) expect([statement.Resource].flat()).toEqual([arnOf(userPool())]);
  expect(variables.USER_POOL_ID).toEqual(wanted.length ? { Ref: logicalId(userPool()) } : undefined);
  expect(variables.USER_POOL_CLIENT_ID).toEqual(resources.has('user-pool:sign-in') ? { Ref: logicalId(userPoolClient()) } : undefined);
});

test('the identity routes declare the grants their handlers use', () => {
  const byId = Object.fromEntries(routes.map((route) => [route.id, [...route.resources].sort()]));
  expect(byId.registerUser).toEqual(['table:read', 'table:write', 'user-pool:register', 'user-pool:sign-in']);
  expect(byId.logIn).toEqual(['user-pool:sign-in']);
  expect(byId.refreshAccessToken).toEqual(['user-pool:sign-in']);
  expect(byId.setUserRoles).toEqual(['table:read', 'table:write', 'user-pool:roles']);
  expect(byId.getMyProfile).toEqual(['table:read']);
});
