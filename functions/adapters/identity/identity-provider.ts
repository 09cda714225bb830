/**
 * The identity port: the Cognito user pool through @aws-sdk/client-cognito-identity-provider.
 * The client is built once per process; its endpoint comes from the SDK's own
 * configuration (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER on the twin, whose
 * lib/local/cognito/ endpoint speaks the same protocol), so handlers are the same
 * code on AWS and locally.
 *
 * Operations: sign-in is InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), which
 * needs the app client id and no IAM permission; users are created with
 * AdminCreateUser + AdminSetUserPassword (self sign-up is off: registration goes
 * through the platform, which writes the profile), and roles are groups
 * (AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser). Each
 * handler's role may call exactly the admin actions its manifest entry names
 * (lib/resource-grants.ts). Passwords pass through to Cognito and nowhere else.
 *
 * SDK errors become the domain's named errors here, by name.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type AttributeType,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { roles as knownRoles, type Role } from '../../core/roles';
import { InvalidRequestError, NotFoundError, UnauthenticatedError } from '../../core/errors';
import { UsernameTakenError, type IdentityDirectory } from '../../core/users';
import { config } from '../../settings/settings';

export const cognito = new CognitoIdentityProviderClient({});

export type { IssuedTokens, SignIn } from '../../application/ports/origination-sign-in';
import type { IssuedTokens, SignIn } from '../../application/ports/origination-sign-in';

const badCredentials = 'The username or password is incorrect';
const errorName = (error: unknown) => (error instanceof Error ? error.name : '');

/** Errors any operation may answer with, as the domain's. */
function translated(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  switch (error.name) {
    case 'UsernameExistsException':
      return new UsernameTakenError();
    case 'InvalidPasswordException':
      return new InvalidRequestError('The password does not meet the password policy', [{ path: 'body.password', message: error.message }]);
    case 'InvalidParameterException':
      return new InvalidRequestError(error.message);
    case 'UserNotFoundException':
      return new NotFoundError('No such user in the identity provider');
    default:
      return error;
  }
}

async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw translated(error);
  }
}

function tokensOf(result: AuthenticationResultType): IssuedTokens {
  if (!result.AccessToken || result.ExpiresIn === undefined) throw new Error('the identity provider answered without an access token');
  return {
    accessToken: result.AccessToken,
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    expiresIn: result.ExpiresIn,
    tokenType: 'Bearer',
  };
}

/** Signs in with a password. A wrong password and an unknown user are the same 401. */
export async function signIn(username: string, password: string): Promise<SignIn> {
  try {
    const answer = await cognito.send(
      new InitiateAuthCommand({ ClientId: config.userPoolClientId(), AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
    if (answer.AuthenticationResult) return { kind: 'signed-in', tokens: tokensOf(answer.AuthenticationResult) };
    return { kind: 'challenge', challenge: answer.ChallengeName ?? 'UNKNOWN' };
  } catch (error) {
    if (['NotAuthorizedException', 'UserNotFoundException', 'UserNotConfirmedException', 'PasswordResetRequiredException'].includes(errorName(error))) {
      throw new UnauthenticatedError(badCredentials);
    }
    throw translated(error);
  }
}

/** A new access token for a refresh token. */
export async function refreshTokens(refreshToken: string): Promise<IssuedTokens> {
  try {
    const answer = await cognito.send(
      new InitiateAuthCommand({ ClientId: config.userPoolClientId(), AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    );
    if (!answer.AuthenticationResult) throw new UnauthenticatedError('The refresh token cannot be used');
    return tokensOf(answer.AuthenticationResult);
  } catch (error) {
    if (['NotAuthorizedException', 'UserNotFoundException'].includes(errorName(error))) throw new UnauthenticatedError('The refresh token is invalid or expired');
    throw translated(error);
  }
}

const subOf = (attributes: AttributeType[] | undefined) => attributes?.find((attribute) => attribute.Name === 'sub')?.Value;

async function userIdOf(username: string): Promise<string> {
  const user = await call(() => cognito.send(new AdminGetUserCommand({ UserPoolId: config.userPoolId(), Username: username })));
  const sub = subOf(user.UserAttributes);
  if (!sub) throw new Error('the identity provider answered without the user’s sub');
  return sub;
}

async function groupsOf(username: string): Promise<Role[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(() =>
      cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: config.userPoolId(), Username: username, Limit: 60, NextToken: nextToken })),
    );
    names.push(...(page.Groups ?? []).map((group) => group.GroupName ?? ''));
    nextToken = page.NextToken;
  } while (nextToken);
  return knownRoles.filter((role) => names.includes(role));
}

/** The user pool as the user use cases (functions/core/users.ts) need it. */
export const identityDirectory: IdentityDirectory = {
  async createUser(username, password) {
    const { User } = await call(() =>
      cognito.send(new AdminCreateUserCommand({ UserPoolId: config.userPoolId(), Username: username, TemporaryPassword: password, MessageAction: 'SUPPRESS' })),
    );
    return { userId: subOf(User?.Attributes) ?? (await userIdOf(username)) };
  },
  async makePasswordPermanent(username, password) {
    await call(() => cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: config.userPoolId(), Username: username, Password: password, Permanent: true })));
  },
  async checkPassword(username, password) {
    try {
      const answer = await signIn(username, password);
      return answer.kind === 'challenge' && answer.challenge === 'NEW_PASSWORD_REQUIRED' ? 'temporary' : 'valid';
    } catch (error) {
      if (error instanceof UnauthenticatedError) return 'invalid';
      throw error;
    }
  },
  userIdOf,
  groupsOf,
  async addToGroup(username, role) {
    await call(() => cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: config.userPoolId(), Username: username, GroupName: role })));
  },
  async removeFromGroup(username, role) {
    await call(() => cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: config.userPoolId(), Username: username, GroupName: role })));
  },
};
