/**
 * The twin's identity provider: signs access tokens with a real ES256 key pair (kept
 * under the data folder, or in memory) and verifies them the way API Gateway's JWT
 * authorizer does for the Cognito user pool: signature, issuer, expiry on the twin's
 * clock, and an audience or client_id that names the app client.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import type { Clock } from '../../functions/adapters/runtime/clock';
import type { Role } from '../../functions/core/roles';

export const localClientId = 'twin-app-client';
const algorithm = 'ES256';

export class LocalIdentityProvider {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly issuer: string,
    private readonly clock: Clock,
  ) {}

  static async open(options: { keyFile?: string; issuer: string; clock: Clock }): Promise<LocalIdentityProvider> {
    let jwk: JWK | undefined;
    if (options.keyFile) {
      try {
        jwk = JSON.parse(await readFile(options.keyFile, 'utf8')) as JWK;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    if (!jwk) {
      const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
      jwk = await exportJWK(privateKey);
      if (options.keyFile) {
        await mkdir(dirname(options.keyFile), { recursive: true });
        await writeFile(options.keyFile, JSON.stringify(jwk), { mode: 0o600 });
      }
    }
    const { d: _private, ...publicJwk } = jwk;
    return new LocalIdentityProvider(
      (await importJWK(jwk, algorithm)) as CryptoKey,
      (await importJWK(publicJwk, algorithm)) as CryptoKey,
      options.issuer,
      options.clock,
    );
  }

  /**
   * An access token shaped like a Cognito user pool's: groups are the caller's roles.
   * The local user pool (./cognito/) adds the `username` claim, as Cognito does.
   */
  issue(subject: string, roles: readonly Role[], ttlSeconds = 3600, claims: { readonly username?: string } = {}): Promise<string> {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ 'cognito:groups': [...roles], token_use: 'access', client_id: localClientId, scope: 'platform/api', ...claims })
      .setProtectedHeader({ alg: algorithm, kid: 'twin' })
      .setSubject(subject)
      .setIssuer(this.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /** The verified claims, or undefined for any token the authorizer would refuse. */
  async verify(token: string): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        algorithms: [algorithm],
        currentDate: this.clock.now(),
      });
      const audiences = [payload.aud, payload.client_id].flat().filter((value) => typeof value === 'string');
      return audiences.includes(localClientId) ? payload : undefined;
    } catch {
      return undefined;
    }
  }
}
