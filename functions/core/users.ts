/**
 * Users and their roles: registration and role changes, over two ports the caller
 * supplies (the identity provider and the profile store), so the rules are tested
 * without either. No AWS, no clock: `at` is a parameter.
 *
 * Registration is safe to retry. The identity provider accepts the user first (the
 * userId is its subject), then the roles become groups, then the profile is written;
 * the profile is the mark of a finished registration. If a step fails after the
 * provider accepted the user, the same request again finds the username taken,
 * proves it is the same registrant by the password (only the provider checks it),
 * and finishes the missing steps; a registration that already finished answers with
 * the same userId. Anyone else gets 409.
 */
import { roles as allRoles, type Role } from './roles';
import { ConcurrentModificationError, DomainError, NotFoundError } from './errors';

/** Roles a user may choose at registration; staff roles are granted only by an admin. */
/** What a user's profile records (no personal data: verification values are masked). */
export interface VerificationSummary {
  readonly status: 'VERIFIED' | 'REJECTED';
  readonly kind: 'personal' | 'enterprise';
  readonly verifiedAt: string;
  /** Masked for display: 张*, 110***********1234, 138****5678, 6222********1234. */
  readonly masked: Readonly<Record<string, string>>;
  readonly reasons?: readonly string[];
  /** A verified natural person's birth date from the ID number (YYYY-MM-DD): the age check on applying reads it. */
  readonly birthDate?: string;
}

export interface RiskAssessmentSummary {
  readonly level: 'C1' | 'C2' | 'C3' | 'C4' | 'C5';
  readonly questionnaireVersion: string;
  readonly assessedAt: string;
  readonly expiresAt: string;
}

export interface CustodyAccountSummary {
  /** The custodian bank's sub-account id. */
  readonly subAccountId: string;
  readonly openedAt: string;
}

export interface UserProfile {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly createdAt: string;
  readonly verification?: VerificationSummary;
  /** The assessment in force (a raise is held at the level before it until its cooling-off period ends). */
  readonly riskAssessment?: RiskAssessmentSummary;
  /** A raise waiting for its cooling-off period (investor-suitability reassess). */
  readonly pendingRiskAssessment?: PendingRiskAssessment;
  readonly custodyAccount?: CustodyAccountSummary;
  /** A related party of the platform (关联方), set by an admin: it may not borrow here (自融), and its loans count as related-party lending. */
  readonly relatedParty?: boolean;
  readonly relatedPartyRole?: RelatedPartyRole;
}

/** Why a user is a related party: platform staff, a shareholder, an affiliate (or their relatives). */
export const relatedPartyRoles = ['STAFF', 'SHAREHOLDER', 'AFFILIATE'] as const;
export type RelatedPartyRole = (typeof relatedPartyRoles)[number];
export type RelatedPartyMark = { readonly relatedParty: true; readonly role: RelatedPartyRole } | { readonly relatedParty: false };

export type PendingRiskAssessment = RiskAssessmentSummary & { readonly effectiveFrom: string };

/**
 * A questionnaire's outcome as kept: the summary of what was assessed, the answers and
 * the score in the history; the profile's new standing (in force, waiting) beside it,
 * written only if the profile's assessment is still `replaces` (the assessedAt read).
 */
export interface RecordedRiskAssessment {
  readonly userId: string;
  readonly summary: RiskAssessmentSummary;
  readonly answers: Readonly<Record<string, string>>;
  readonly score: number;
  readonly standing: { readonly riskAssessment: RiskAssessmentSummary; readonly pendingRiskAssessment?: PendingRiskAssessment | undefined };
  readonly replaces: string | undefined;
}

export const selfServiceRoles = ['borrower', 'investor'] as const satisfies readonly Role[];
export type SelfServiceRole = (typeof selfServiceRoles)[number];

export class UsernameTakenError extends DomainError {
  constructor() {
    super('conflict', 'This username is already registered');
  }
}

/** An admin removing their own admin role could leave the platform without one. */
export class OwnAdminRoleError extends DomainError {
  constructor() {
    super('unprocessable', 'An admin cannot revoke their own admin role; another admin can');
  }
}

/** What registration and role changes need from the identity provider. */
export interface IdentityDirectory {
  /** Creates the user with this password as a temporary one; UsernameTakenError if the name exists. */
  createUser(username: string, password: string): Promise<{ readonly userId: string }>;
  makePasswordPermanent(username: string, password: string): Promise<void>;
  /** Whether the password is the user's: 'temporary' when it is, but only as a temporary one. */
  checkPassword(username: string, password: string): Promise<'valid' | 'temporary' | 'invalid'>;
  userIdOf(username: string): Promise<string>;
  groupsOf(username: string): Promise<Role[]>;
  addToGroup(username: string, role: Role): Promise<void>;
  removeFromGroup(username: string, role: Role): Promise<void>;
}

export interface RegisteredProfile {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly createdAt: string;
}

export interface ProfileStore {
  find(userId: string): Promise<RegisteredProfile | undefined>;
  /** ConcurrentModificationError when the profile exists. */
  create(profile: RegisteredProfile): Promise<void>;
  setRoles(userId: string, roles: readonly Role[], at: Date): Promise<void>;
}

export interface UserPorts {
  readonly identity: IdentityDirectory;
  readonly profiles: ProfileStore;
}

/** Roles without duplicates, in the manifest's order. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  return allRoles.filter((role) => roles.includes(role));
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => canonicalRoles(a).join() === canonicalRoles(b).join();

export interface Registration {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly SelfServiceRole[];
}

/** Registers a user; the same registration again answers with the same userId. */
export async function registerUser(ports: UserPorts, registration: Registration, at: Date): Promise<{ userId: string; created: boolean }> {
  const { identity, profiles } = ports;
  const { username, password } = registration;
  const roles = canonicalRoles(registration.roles);
  let userId: string;
  let resumed = false;
  try {
    // The password as a temporary one first: the provider checks its policy before creating anything.
    ({ userId } = await identity.createUser(username, password));
    await identity.makePasswordPermanent(username, password);
  } catch (error) {
    if (!(error instanceof UsernameTakenError)) throw error;
    const proof = await identity.checkPassword(username, password);
    if (proof === 'invalid') throw error;
    userId = await identity.userIdOf(username);
    if (proof === 'temporary') await identity.makePasswordPermanent(username, password);
    const finished = await profiles.find(userId);
    if (finished) return sameRegistration(finished, roles);
    resumed = true;
  }
  for (const role of roles) await identity.addToGroup(username, role);
  // A resumed registration records the groups the user has, which an earlier attempt may have added to.
  const profileRoles = resumed ? canonicalRoles(await identity.groupsOf(username)) : roles;
  try {
    await profiles.create({ userId, username, roles: profileRoles, createdAt: at.toISOString() });
  } catch (error) {
    if (!(error instanceof ConcurrentModificationError)) throw error;
    // The same registration, sent twice at once, finished first on the other request.
    const finished = await profiles.find(userId);
    if (!finished) throw error;
    return sameRegistration(finished, roles);
  }
  return { userId, created: true };
}

function sameRegistration(profile: RegisteredProfile, roles: readonly Role[]): { userId: string; created: boolean } {
  if (!sameRoles(profile.roles, roles)) throw new UsernameTakenError();
  return { userId: profile.userId, created: false };
}

export interface RoleChange {
  /** The admin making the change. */
  readonly by: { readonly userId: string };
  readonly userId: string;
  /** The user's roles after the change: missing ones are granted, others revoked. */
  readonly roles: readonly Role[];
}

/** Sets a user's roles: the provider's groups first (they go into tokens), then the profile. */
export async function setUserRoles(ports: UserPorts, change: RoleChange, at: Date): Promise<RegisteredProfile> {
  const roles = canonicalRoles(change.roles);
  if (change.by.userId === change.userId && !roles.includes('admin')) throw new OwnAdminRoleError();
  const profile = await ports.profiles.find(change.userId);
  if (!profile) throw new NotFoundError(`no user ${change.userId}`);
  const current = await ports.identity.groupsOf(profile.username);
  for (const role of roles.filter((role) => !current.includes(role))) await ports.identity.addToGroup(profile.username, role);
  for (const role of current.filter((role) => !roles.includes(role))) await ports.identity.removeFromGroup(profile.username, role);
  await ports.profiles.setRoles(change.userId, roles, at);
  return { ...profile, roles };
}
