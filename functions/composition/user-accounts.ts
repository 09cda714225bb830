/**
 * The composition root of user accounts (registration, sign-in, token refresh, roles):
 * the user pool and the profiles. Kept apart from origination so that a handler that
 * neither signs anyone in nor registers them does not load the user pool's SDK at init.
 */
import type { Authenticator } from '../application/ports/origination-sign-in';
import type { UserPorts } from '../core/users';
import { identityDirectory, refreshTokens, signIn } from '../adapters/identity/identity-provider';
import { createUserProfile, findUserProfile, setUserProfileRoles } from '../adapters/dynamodb/user-repository';

export const users: UserPorts = { identity: identityDirectory, profiles: { find: findUserProfile, create: createUserProfile, setRoles: setUserProfileRoles } };

export const authenticator: Authenticator = { signIn, refreshTokens };
