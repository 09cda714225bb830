/** Users and authentication: registration, sign-in, token refresh, the caller's profile, role changes. */
import {
  loginRequest,
  profileResponse,
  refreshRequest,
  registrationRequest,
  registrationResponse,
  relatedPartyRequest,
  relatedPartyResponse,
  roleChangeRequest,
  roleChangeResponse,
  tokenResponse,
  userIdParams,
  userListPage,
  userListQuery,
} from '../schemas/identity';
import { problem, type RouteDefinition } from '../route-definition';
import { everyRole } from '../../core/roles';

export const registerUserRoute: RouteDefinition = {
  id: 'registerUser',
  method: 'POST',
  path: '/v1/auth/register',
  summary: 'Registers a borrower and/or investor; the password goes to the identity provider only. The same registration again answers with the same userId',
  handler: 'functions/http/post-register.ts',
  access: 'public',
  // Not `idempotent`: the Idempotency-Key store keeps a hash of the body, and this body holds a password.
  // Retrying is safe without it (functions/core/users.ts).
  request: { body: registrationRequest },
  responses: {
    201: { description: 'Registered (or this same registration had finished before)', body: registrationResponse },
    400: problem('Invalid request, or the password does not meet the policy'),
    409: problem('The username is already registered'),
  },
  resources: ['table:read', 'table:write', 'user-pool:sign-in', 'user-pool:register'],
};

export const logInRoute: RouteDefinition = {
  id: 'logIn',
  method: 'POST',
  path: '/v1/auth/login',
  summary: 'Signs in with username and password: an access token (1 hour) and a refresh token',
  handler: 'functions/http/post-login.ts',
  access: 'public',
  request: { body: loginRequest },
  responses: {
    200: { description: 'Signed in', body: tokenResponse },
    401: problem('The username or password is incorrect (the same answer for an unknown user)'),
  },
  resources: ['user-pool:sign-in'],
};

export const refreshAccessTokenRoute: RouteDefinition = {
  id: 'refreshAccessToken',
  method: 'POST',
  path: '/v1/auth/refresh',
  summary: "A new access token for a refresh token, with the user's current roles",
  handler: 'functions/http/post-refresh.ts',
  access: 'public',
  request: { body: refreshRequest },
  responses: {
    200: { description: 'A new access token', body: tokenResponse },
    401: problem('The refresh token is invalid or expired'),
  },
  resources: ['user-pool:sign-in'],
};

export const getMyProfileRoute: RouteDefinition = {
  id: 'getMyProfile',
  method: 'GET',
  path: '/v1/me',
  summary: "The caller's profile: roles, verification (masked), risk assessment, custody account",
  handler: 'functions/http/get-me.ts',
  access: everyRole,
  responses: {
    200: { description: 'The profile', body: profileResponse },
    404: problem('The caller has no profile (a registration that did not finish: send it again)'),
  },
  resources: ['table:read'],
};

export const listUsersRoute: RouteDefinition = {
  id: 'listUsers',
  method: 'GET',
  path: '/v1/admin/users',
  summary: 'The users in username order, found by the start of a username and/or a role: roles, verification with masked values only, the related-party mark; paginated',
  handler: 'functions/http/get-users.ts',
  access: ['admin'],
  request: { query: userListQuery },
  responses: {
    200: { description: 'A page of users', body: userListPage },
    400: problem('A filter or the cursor is invalid'),
    403: problem('The caller is not an admin'),
  },
  resources: ['table:read'],
};

export const setUserRolesRoute: RouteDefinition = {
  id: 'setUserRoles',
  method: 'PUT',
  path: '/v1/admin/users/{userId}/roles',
  summary: "Sets a user's roles (grants the missing ones, revokes the others); the only way to grant reviewer, auditor or admin. Effective from the user's next token",
  handler: 'functions/http/put-user-roles.ts',
  access: ['admin'],
  idempotent: true,
  request: { params: userIdParams, body: roleChangeRequest },
  responses: {
    200: { description: "The user's roles now", body: roleChangeResponse },
    403: problem('The caller is not an admin'),
    404: problem('No such user'),
    422: problem('An admin cannot revoke their own admin role'),
  },
  resources: ['table:read', 'table:write', 'user-pool:roles'],
};

export const setRelatedPartyRoute: RouteDefinition = {
  id: 'setRelatedParty',
  method: 'PUT',
  path: '/v1/admin/users/{userId}/related-party',
  summary: 'Marks a user a related party of the platform (staff, shareholder, affiliate) or clears the mark; a related party may not borrow here (自融). Audited',
  handler: 'functions/http/put-related-party.ts',
  access: ['admin'],
  idempotent: true,
  request: { params: userIdParams, body: relatedPartyRequest },
  responses: {
    200: { description: 'The mark now', body: relatedPartyResponse },
    403: problem('The caller is not an admin'),
    404: problem('No such user'),
  },
  resources: ['table:read', 'table:write'],
};

export const identityRoutes: readonly RouteDefinition[] = [registerUserRoute, logInRoute, refreshAccessTokenRoute, getMyProfileRoute, listUsersRoute, setUserRolesRoute, setRelatedPartyRoute];
