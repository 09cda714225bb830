/** POST /v1/auth/login (public): username and password for an access token and a refresh token. */
import type { z } from 'zod';
import { UnauthenticatedError } from '../core/errors';
import { signIn } from '../adapters/identity/identity-provider';
import type { loginRequest, TokenResponse } from '../api/schemas/identity';
import { logInRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(logInRoute, async (request) => {
  const { username, password } = request.body as z.infer<typeof loginRequest>;
  const answer = await signIn(username, password);
  // A challenge (a password that is still temporary: a registration that did not finish) is no sign-in.
  if (answer.kind !== 'signed-in') throw new UnauthenticatedError('This account cannot sign in yet; send its registration again');
  const body: TokenResponse = answer.tokens;
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
});
