/**
 * Users' profiles in the platform table: USER#{userId} / PROFILE. The userId is the
 * identity provider's subject (Cognito `sub`). A profile holds no plaintext personal
 * data: verification keeps masked values for display and encrypted values for the
 * few uses that need them (see the verification adapters).
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../core/roles';
import type { RelatedPartyMark, UserProfile } from '../../core/users';
import { ConcurrentModificationError, NotFoundError } from '../../core/errors';
import { config } from '../../settings/settings';
import { documents, isConditionFailure } from './client';

export const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });

export type { CustodyAccountSummary, RiskAssessmentSummary, UserProfile, VerificationSummary } from '../../core/users';

export async function createUserProfile(profile: UserProfile): Promise<void> {
  try {
    await documents.send(
      new PutCommand({ TableName: config.tableName(), Item: { ...userKey(profile.userId), ...profile }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConcurrentModificationError(`user ${profile.userId} already exists`);
    throw error;
  }
}

/** Mirrors the user's groups in the identity provider (set by an admin), for display and queries. */
export async function setUserProfileRoles(userId: string, roles: readonly Role[], at: Date): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: userKey(userId),
        UpdateExpression: 'SET #roles = :roles, rolesChangedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: { ':roles': [...roles], ':at': at.toISOString() },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`no user ${userId}`);
    throw error;
  }
}

/** Sets (relatedParty true, its role) or clears (false, no role) a user's related-party mark. */
export async function setUserRelatedParty(userId: string, mark: RelatedPartyMark, at: Date): Promise<void> {
  const role = mark.relatedParty ? { ':role': mark.role } : {};
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: userKey(userId),
        UpdateExpression: `SET relatedParty = :flag, relatedPartyChangedAt = :at${mark.relatedParty ? ', relatedPartyRole = :role' : ' REMOVE relatedPartyRole'}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':flag': mark.relatedParty, ':at': at.toISOString(), ...role },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(`no user ${userId}`);
    throw error;
  }
}

export async function findUserProfile(userId: string): Promise<UserProfile | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: config.tableName(), Key: userKey(userId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...profile } = Item;
  return profile as UserProfile;
}

export async function getUserProfile(userId: string): Promise<UserProfile> {
  const profile = await findUserProfile(userId);
  if (!profile) throw new NotFoundError(`no user ${userId}`);
  return profile;
}
