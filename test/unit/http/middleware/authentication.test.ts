/** Authentication and roles: the authorizer's claims become the caller; no subject 401, no allowed role 403. */
import { ForbiddenError, UnauthenticatedError } from '../../../../functions/core/errors';
import { authentication, groupsOf } from '../../../../functions/http/middleware/authentication';
import { httpEvent, middyRequest, refusalOf } from './request';

const withClaims = (claims?: Record<string, unknown>) =>
  httpEvent({ requestContext: { requestId: 'r', ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}) } } as never);

test('a caller with an allowed role becomes the request’s caller, with the roles that are platform roles', async () => {
  const request = middyRequest(withClaims({ sub: 'user-1', 'cognito:groups': '[investor some-other-group]' }));
  await authentication(['investor', 'admin']).before?.(request);
  expect(request.event.caller).toEqual({ userId: 'user-1', roles: ['investor'] });
});

test.each([
  ['no token at all', withClaims(), UnauthenticatedError],
  ['an empty subject', withClaims({ sub: '', 'cognito:groups': '[investor]' }), UnauthenticatedError],
  ['no allowed role', withClaims({ sub: 'user-1', 'cognito:groups': '[borrower]' }), ForbiddenError],
  ['no groups', withClaims({ sub: 'user-1' }), ForbiddenError],
])('%s is refused', async (_what, event, refusal) => {
  expect(await refusalOf(authentication(['investor', 'admin']), event)).toBeInstanceOf(refusal);
});

test('a public route has no caller and asks nothing', async () => {
  const request = middyRequest(withClaims());
  await authentication('public').before?.(request);
  expect(request.event.caller).toBeUndefined();
});

test('groups arrive as API Gateway flattens them, or as a list', () => {
  expect(groupsOf('[borrower investor]')).toEqual(['borrower', 'investor']);
  expect(groupsOf(['admin', 'unknown-group'])).toEqual(['admin']);
  expect(groupsOf(undefined)).toEqual([]);
});
