/**
 * The caller of a route that is not public: API Gateway's JWT authorizer has verified
 * the token; here its claims become the caller (`sub`, the `cognito:groups` that are
 * platform roles), and the caller's roles must include one the route allows.
 * No subject: 401. No allowed role: 403.
 */
import type { RouteDefinition } from '../../api/route-definition';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import { roles as knownRoles, type Role } from '../../core/roles';
import type { Caller, HttpEvent, RouteMiddleware } from './route-event';

export function authentication(access: RouteDefinition['access']): RouteMiddleware {
  return {
    name: 'authentication',
    before: (request) => {
      if (access !== 'public') request.event.caller = callerOf(access, request.event);
    },
  };
}

function callerOf(allowed: readonly Role[], event: HttpEvent): Caller {
  const claims = 'authorizer' in event.requestContext ? event.requestContext.authorizer?.jwt?.claims : undefined;
  const userId = claims?.sub;
  if (typeof userId !== 'string' || userId === '') throw new UnauthenticatedError();
  const callerRoles = groupsOf(claims?.['cognito:groups']);
  if (!callerRoles.some((role) => allowed.includes(role))) throw new ForbiddenError();
  return { userId, roles: callerRoles };
}

/** API Gateway passes an array claim as the string "[a b]"; accept both forms. */
export function groupsOf(claim: unknown): Role[] {
  const names = Array.isArray(claim)
    ? claim.map(String)
    : typeof claim === 'string'
      ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean)
      : [];
  return names.filter((name): name is Role => (knownRoles as readonly string[]).includes(name));
}
