/** POST /v1/auth/login (public): username and password for an access token and a refresh token. */
import type { z } from 'zod';
import { signIn } from '../application/sign-in';
import { authenticator } from '../composition/user-accounts';
import type { loginRequest, TokenResponse } from '../api/schemas/identity';
import { logInRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(logInRoute, async (request) => {
  const { username, password } = request.body as z.infer<typeof loginRequest>;
  const body: TokenResponse = await signIn(authenticator, username, password);
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
});
