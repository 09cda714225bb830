/** The identity provider as sign-in asks it: a password or a refresh token for tokens. */
export interface IssuedTokens {
  readonly accessToken: string;
  /** Only from a password sign-in (a refresh keeps the refresh token it was given). */
  readonly refreshToken?: string;
  readonly expiresIn: number;
  readonly tokenType: 'Bearer';
}

export type SignIn =
  | { readonly kind: 'signed-in'; readonly tokens: IssuedTokens }
  /** The password is right, but the provider asks for more (e.g. NEW_PASSWORD_REQUIRED). */
  | { readonly kind: 'challenge'; readonly challenge: string };

export interface Authenticator {
  signIn(username: string, password: string): Promise<SignIn>;
  refreshTokens(refreshToken: string): Promise<IssuedTokens>;
}
