/** A user signs in (POST /v1/auth/login) or renews an access token (POST /v1/auth/refresh). */
import { UnauthenticatedError } from '../core/errors';
import type { Authenticator, IssuedTokens } from './ports/origination-sign-in';

export async function signIn(authenticator: Authenticator, username: string, password: string): Promise<IssuedTokens> {
  const answer = await authenticator.signIn(username, password);
  // A challenge (a password that is still temporary: a registration that did not finish) is no sign-in.
  if (answer.kind !== 'signed-in') throw new UnauthenticatedError('This account cannot sign in yet; send its registration again');
  return answer.tokens;
}

/** A new access token, carrying the user's current roles. */
export const refreshAccessToken = (authenticator: Authenticator, refreshToken: string): Promise<IssuedTokens> => authenticator.refreshTokens(refreshToken);
