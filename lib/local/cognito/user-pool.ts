/**
 * The twin's local user pool: what the local Cognito endpoint (./endpoint.ts) serves.
 * Users with scrypt password hashes (./passwords.ts) and their groups (one per
 * platform role), kept in a JSON file under the twin's data folder (or in memory).
 * It behaves as the CDK user pool is configured: the password policy of
 * functions/core/password-policy.ts, temporary passwords valid for 3 days, no user
 * existence errors on sign-in, access tokens for 1 hour and refresh tokens for 30
 * days, all on the twin's clock.
 *
 * Failed sign-ins lock a username out as Cognito documents it ("Lockout behavior for
 * failed sign-in attempts"): after n ≥ 5 failed password attempts, 2^(n−5) seconds,
 * at most 15 minutes; an attempt during a lockout, whatever its password, is
 * NotAuthorizedException "Password attempts exceeded" and does not count. A successful
 * sign-in, or 15 minutes without an attempt, starts the count again. Unknown usernames
 * are counted the same way (no user existence errors). The counts live in memory.
 *
 * Access tokens are signed by the twin's LocalIdentityProvider, so the gateway checks
 * them as API Gateway's JWT authorizer checks Cognito's. Refresh tokens are opaque
 * random values (256 bits), kept only as SHA-256 hashes: like Cognito's, a client
 * cannot read or forge them, the pool can expire and refuse them, and the data file
 * holds nothing that signs a user in. (A fast hash suffices for a random 256-bit
 * secret; passwords, which people choose, get scrypt.)
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AwsServiceError } from '../aws-json-service';
import type { Clock } from '../../../functions/adapters/runtime/clock';
import { passwordPolicy, passwordPolicyViolations } from '../../../functions/core/password-policy';
import { roles, type Role } from '../../../functions/core/roles';
import { localClientId, type LocalIdentityProvider } from '../identity';
import { hashPassword, verifyPassword } from './passwords';

export const localUserPoolId = 'local_TwinUserPool';
export const accessTokenSeconds = 3600;
const refreshTokenMs = 30 * 86_400_000;
const temporaryPasswordMs = passwordPolicy.temporaryPasswordValidityDays * 86_400_000;

/** An error the Cognito API answers with; the SDK maps it by its name (`__type`). */
/** A Cognito error, named as the SDK names its exception. */
export class CognitoError extends AwsServiceError {}

export type UserStatus = 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';

interface StoredUser {
  readonly username: string;
  readonly sub: string;
  passwordHash: string;
  status: UserStatus;
  enabled: boolean;
  groups: string[];
  readonly createdAt: string;
  updatedAt: string;
  /** When the temporary password was set (FORCE_CHANGE_PASSWORD only). */
  temporaryPasswordSetAt?: string;
}

interface StoredRefreshToken {
  readonly tokenHash: string;
  readonly sub: string;
  readonly expiresAt: string;
}

interface PoolState {
  users: StoredUser[];
  refreshTokens: StoredRefreshToken[];
}

export interface UserView {
  readonly username: string;
  readonly sub: string;
  readonly status: UserStatus;
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface GroupView {
  readonly name: string;
  readonly description: string;
}

export type AuthResult =
  | { readonly kind: 'tokens'; readonly accessToken: string; readonly refreshToken?: string; readonly expiresIn: number }
  | { readonly kind: 'challenge'; readonly challenge: 'NEW_PASSWORD_REQUIRED'; readonly session: string; readonly username: string };

/** Cognito's username syntax. */
const usernamePattern = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const notAuthorized = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

/** Cognito's documented lockout: free attempts, then 2^(n−5) s up to this cap; quiet this long resets. */
const freeFailedAttempts = 5;
const longestLockoutMs = 15 * 60_000;
const lockoutResetMs = 15 * 60_000;

interface FailedAttempts {
  count: number;
  lockedUntil: number;
  lastAttemptAt: number;
}

export class LocalUserPool {
  readonly id = localUserPoolId;
  readonly clientId = localClientId;
  readonly groups: readonly GroupView[] = roles.map((role) => ({ name: role, description: `Platform role ${role} (functions/core/roles.ts)` }));
  private saving: Promise<void> = Promise.resolve();
  private readonly failedAttempts = new Map<string, FailedAttempts>();

  private constructor(
    private readonly state: PoolState,
    private readonly file: string | undefined,
    private readonly clock: Clock,
    private readonly identity: LocalIdentityProvider,
    /** Compared against when the user is unknown, so both answers take as long. */
    private readonly decoyHash: string,
  ) {}

  /** A pool kept in `file` across restarts (none: in memory). */
  static async open(options: { file?: string; clock: Clock; identity: LocalIdentityProvider }): Promise<LocalUserPool> {
    let state: PoolState = { users: [], refreshTokens: [] };
    if (options.file) {
      try {
        state = JSON.parse(await readFile(options.file, 'utf8')) as PoolState;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return new LocalUserPool(state, options.file, options.clock, options.identity, await hashPassword(randomBytes(16).toString('hex')));
  }

  async adminCreateUser(username: string, temporaryPassword: string | undefined): Promise<UserView> {
    if (!usernamePattern.test(username)) throw new CognitoError('InvalidParameterException', '1 validation error detected: Value at \'username\' failed to satisfy constraint');
    const password = temporaryPassword ?? generatedPassword();
    checkPolicy(password);
    const passwordHash = await hashPassword(password);
    if (this.lookUp(username)) throw new CognitoError('UsernameExistsException', 'User account already exists');
    const at = this.clock.now().toISOString();
    const user: StoredUser = { username, sub: randomUUID(), passwordHash, status: 'FORCE_CHANGE_PASSWORD', enabled: true, groups: [], createdAt: at, updatedAt: at, temporaryPasswordSetAt: at };
    this.state.users.push(user);
    await this.save();
    return view(user);
  }

  async adminSetUserPassword(username: string, password: string, permanent: boolean): Promise<void> {
    checkPolicy(password);
    const passwordHash = await hashPassword(password);
    const user = this.get(username);
    const at = this.clock.now().toISOString();
    Object.assign(user, { passwordHash, updatedAt: at, status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD' });
    if (permanent) delete user.temporaryPasswordSetAt;
    else user.temporaryPasswordSetAt = at;
    await this.save();
  }

  adminGetUser(username: string): UserView {
    return view(this.get(username));
  }

  async adminAddUserToGroup(username: string, group: string): Promise<void> {
    const user = this.get(username);
    this.group(group);
    if (user.groups.includes(group)) return;
    user.groups.push(group);
    await this.save();
  }

  async adminRemoveUserFromGroup(username: string, group: string): Promise<void> {
    const user = this.get(username);
    this.group(group);
    if (!user.groups.includes(group)) return;
    user.groups = user.groups.filter((name) => name !== group);
    await this.save();
  }

  adminListGroupsForUser(username: string): GroupView[] {
    const user = this.get(username);
    return this.groups.filter((group) => user.groups.includes(group.name));
  }

  /** USER_PASSWORD_AUTH: an unknown user and a wrong password are the same NotAuthorizedException. */
  async signInWithPassword(username: string, password: string): Promise<AuthResult> {
    const now = this.clock.now().getTime();
    const attempts = this.attemptsOf(username, now);
    attempts.lastAttemptAt = now;
    if (now < attempts.lockedUntil) throw new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
    const user = this.state.users.find((candidate) => candidate.username === username);
    const matches = await verifyPassword(password, user?.passwordHash ?? this.decoyHash);
    if (!user || !matches) {
      attempts.count += 1;
      if (attempts.count >= freeFailedAttempts) attempts.lockedUntil = now + Math.min(1000 * 2 ** (attempts.count - freeFailedAttempts), longestLockoutMs);
      throw notAuthorized();
    }
    this.failedAttempts.delete(username);
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      if (this.clock.now().getTime() - Date.parse(user.temporaryPasswordSetAt ?? user.updatedAt) > temporaryPasswordMs) {
        throw new CognitoError('NotAuthorizedException', 'Temporary password has expired and must be reset by an administrator.');
      }
      return { kind: 'challenge', challenge: 'NEW_PASSWORD_REQUIRED', session: randomBytes(48).toString('base64url'), username: user.username };
    }
    const refreshToken = randomBytes(32).toString('base64url');
    this.state.refreshTokens = this.state.refreshTokens.filter((token) => Date.parse(token.expiresAt) > now);
    this.state.refreshTokens.push({ tokenHash: sha256(refreshToken), sub: user.sub, expiresAt: new Date(now + refreshTokenMs).toISOString() });
    await this.save();
    return { kind: 'tokens', accessToken: await this.accessToken(user), refreshToken, expiresIn: accessTokenSeconds };
  }

  /** The username's failed attempts, started afresh after 15 minutes without one. */
  private attemptsOf(username: string, now: number): FailedAttempts {
    const known = this.failedAttempts.get(username);
    if (known && now - known.lastAttemptAt < lockoutResetMs) return known;
    const fresh = { count: 0, lockedUntil: 0, lastAttemptAt: now };
    this.failedAttempts.set(username, fresh);
    return fresh;
  }

  /** REFRESH_TOKEN_AUTH: a new access token with the user's groups as they are now. */
  async refresh(refreshToken: string): Promise<AuthResult> {
    const stored = this.state.refreshTokens.find((token) => token.tokenHash === sha256(refreshToken));
    if (!stored || Date.parse(stored.expiresAt) <= this.clock.now().getTime()) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    const user = this.state.users.find((candidate) => candidate.sub === stored.sub);
    if (!user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return { kind: 'tokens', accessToken: await this.accessToken(user), expiresIn: accessTokenSeconds };
  }

  private accessToken(user: StoredUser): Promise<string> {
    const userRoles = roles.filter((role): role is Role => user.groups.includes(role));
    return this.identity.issue(user.sub, userRoles, accessTokenSeconds, { username: user.username });
  }

  /** The user with this username, if any. */
  find(username: string): UserView | undefined {
    const user = this.lookUp(username);
    return user && view(user);
  }

  /** Admin operations take the username or the user's sub. */
  private lookUp(username: string): StoredUser | undefined {
    return this.state.users.find((user) => user.username === username) ?? this.state.users.find((user) => user.sub === username);
  }

  private get(username: string): StoredUser {
    const user = this.lookUp(username);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  private group(name: string): GroupView {
    const group = this.groups.find((candidate) => candidate.name === name);
    if (!group) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return group;
  }

  /** Writes the whole pool, one write at a time, by renaming a complete file over the old one. */
  private save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify(this.state);
    // A failed write fails its own operation, not the ones after it.
    this.saving = this.saving.catch(() => undefined).then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, snapshot, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    });
    return this.saving;
  }
}

function checkPolicy(password: string): void {
  const violations = passwordPolicyViolations(password);
  if (violations.length) throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${violations[0]}`);
}

function view(user: StoredUser): UserView {
  return { username: user.username, sub: user.sub, status: user.status, enabled: user.enabled, createdAt: new Date(user.createdAt), updatedAt: new Date(user.updatedAt) };
}

/** What Cognito does without a TemporaryPassword: a random one that meets the policy. */
function generatedPassword(): string {
  return `${randomBytes(12).toString('base64url')}aA1!`;
}
