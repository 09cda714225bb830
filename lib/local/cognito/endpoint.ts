/**
 * The twin's Cognito endpoint: the Cognito Identity Provider API's AWS JSON 1.1
 * protocol over HTTP (X-Amz-Target: AWSCognitoIdentityProviderService.<Op>), so the
 * handlers' @aws-sdk/client-cognito-identity-provider reaches it unchanged through
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. It serves exactly the operations the
 * identity adapter (functions/adapters/identity/identity-provider.ts) uses; errors carry the
 * names the SDK maps (UsernameExistsException, NotAuthorizedException, …).
 */
import type { Server } from 'node:http';
import { awsJsonServer, type AwsJsonBody } from '../aws-json-service';
import type { AwsCredentials } from '../signature-v4';
import { CognitoError, type LocalUserPool, type UserView } from './user-pool';

type Body = AwsJsonBody;
type Operation = (pool: LocalUserPool, body: Body) => unknown;

const epochSeconds = (date: Date) => date.getTime() / 1000;

const text = (body: Body, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new CognitoError('InvalidParameterException', `Missing required parameter ${field}`);
  return value;
};
const optionalText = (body: Body, field: string): string | undefined => {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CognitoError('InvalidParameterException', `${field} must be a string`);
  return value;
};

/** Admin operations name the user pool; only the twin's exists. */
function userPool(pool: LocalUserPool, body: Body): LocalUserPool {
  const id = text(body, 'UserPoolId');
  if (id !== pool.id) throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
  return pool;
}

const attributesOf = (user: UserView) => [{ Name: 'sub', Value: user.sub }];
const userOf = (user: UserView) => ({
  Username: user.username,
  Attributes: attributesOf(user),
  UserCreateDate: epochSeconds(user.createdAt),
  UserLastModifiedDate: epochSeconds(user.updatedAt),
  Enabled: user.enabled,
  UserStatus: user.status,
});

const operations: Record<string, Operation> = {
  AdminCreateUser: async (pool, body) => {
    const messageAction = optionalText(body, 'MessageAction');
    if (messageAction !== undefined && messageAction !== 'SUPPRESS' && messageAction !== 'RESEND') {
      throw new CognitoError('InvalidParameterException', 'MessageAction must be SUPPRESS or RESEND');
    }
    // The twin sends no invitation messages; SUPPRESS is what the platform asks for.
    return { User: userOf(await userPool(pool, body).adminCreateUser(text(body, 'Username'), optionalText(body, 'TemporaryPassword'))) };
  },
  AdminSetUserPassword: async (pool, body) => {
    await userPool(pool, body).adminSetUserPassword(text(body, 'Username'), text(body, 'Password'), body.Permanent === true);
    return {};
  },
  AdminGetUser: (pool, body) => {
    const user = userPool(pool, body).adminGetUser(text(body, 'Username'));
    const { Attributes, ...rest } = userOf(user);
    return { ...rest, UserAttributes: Attributes };
  },
  AdminAddUserToGroup: async (pool, body) => {
    await userPool(pool, body).adminAddUserToGroup(text(body, 'Username'), text(body, 'GroupName'));
    return {};
  },
  AdminRemoveUserFromGroup: async (pool, body) => {
    await userPool(pool, body).adminRemoveUserFromGroup(text(body, 'Username'), text(body, 'GroupName'));
    return {};
  },
  AdminListGroupsForUser: (pool, body) => {
    // Every user has at most one group per platform role: one page always holds them all.
    const groups = userPool(pool, body).adminListGroupsForUser(text(body, 'Username'));
    return { Groups: groups.map((group) => ({ GroupName: group.name, UserPoolId: pool.id, Description: group.description })) };
  },
  InitiateAuth: async (pool, body) => {
    const clientId = text(body, 'ClientId');
    if (clientId !== pool.clientId) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    const flow = text(body, 'AuthFlow');
    const parameters = (typeof body.AuthParameters === 'object' && body.AuthParameters !== null ? body.AuthParameters : {}) as Body;
    const result =
      flow === 'USER_PASSWORD_AUTH'
        ? await pool.signInWithPassword(text(parameters, 'USERNAME'), text(parameters, 'PASSWORD'))
        : flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN'
          ? await pool.refresh(text(parameters, 'REFRESH_TOKEN'))
          : undefined;
    // The app client allows USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH (lib/constructs/platform-api.ts), nothing else.
    if (!result) throw new CognitoError('InvalidParameterException', `Auth flow ${flow} is not enabled for this client.`);
    if (result.kind === 'challenge') {
      return {
        ChallengeName: result.challenge,
        Session: result.session,
        ChallengeParameters: { USER_ID_FOR_SRP: result.username, requiredAttributes: '[]', userAttributes: '{}' },
      };
    }
    return {
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: result.accessToken,
        ExpiresIn: result.expiresIn,
        TokenType: 'Bearer',
        ...(result.refreshToken ? { RefreshToken: result.refreshToken } : {}),
      },
    };
  },
};

/** Admin operations must be signed (Signature V4) with the twin's credentials, as IAM requires on AWS; InitiateAuth, like Cognito's, is public. */
export function cognitoEndpoint(pool: LocalUserPool, credentials: AwsCredentials): Server {
  return awsJsonServer(
    {
      targetPrefix: 'AWSCognitoIdentityProviderService',
      protocolVersion: '1.1',
      internalErrorType: 'InternalErrorException',
      operations,
      authentication: { credentials, publicOperations: ['InitiateAuth'] },
    },
    pool,
  );
}
