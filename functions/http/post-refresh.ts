/** POST /v1/auth/refresh (public): a new access token, carrying the user's current roles. */
import type { z } from 'zod';
import { refreshAccessToken } from '../application/sign-in';
import { authenticator } from '../composition/user-accounts';
import type { refreshRequest, TokenResponse } from '../api/schemas/identity';
import { refreshAccessTokenRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(refreshAccessTokenRoute, async (request) => {
  const { refreshToken } = request.body as z.infer<typeof refreshRequest>;
  const body: TokenResponse = await refreshAccessToken(authenticator, refreshToken);
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
});
