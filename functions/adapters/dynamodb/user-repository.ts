/**
 * Users' profiles in the platform table: USER#{userId} / PROFILE. The userId is the
 * identity provider's subject (Cognito `sub`). A profile holds no plaintext personal
 * data: verification keeps masked values for display and encrypted values for the
 * few uses that need them (see the verification adapters). Each profile is also in the
 * byOwner index's user directory (ownerPk USERS, ownerSk its username), which the
 * admins' user list pages through in username order.
 */
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../core/roles';
import type { RelatedPartyMark, UserProfile } from '../../core/users';
import { ConcurrentModificationError, NotFoundError } from '../../core/errors';
import { config } from '../../settings/settings';
import { batchGetEach, documents, isConditionFailure } from './client';
import { decodeCursor, encodeCursor } from './page-cursor';

export const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
/** The user directory's partition of the byOwner index: every profile, by username. */
const directory = 'USERS';
const directoryKey = (username: string) => ({ ownerPk: directory, ownerSk: username });

export type { CustodyAccountSummary, RiskAssessmentSummary, UserProfile, VerificationSummary } from '../../core/users';

export async function createUserProfile(profile: UserProfile): Promise<void> {
  try {
    await documents.send(
      new PutCommand({ TableName: config.tableName(), Item: { ...userKey(profile.userId), ...directoryKey(profile.username), ...profile }, ConditionExpression: 'attribute_not_exists(pk)' }),
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
  return Item ? profileOf(Item) : undefined;
}

/** Several users' profiles in one BatchGetItem a hundred (a loan's investors), by user id; a user without one is absent. */
export async function findUserProfiles(userIds: readonly string[]): Promise<ReadonlyMap<string, UserProfile>> {
  const items = await batchGetEach(config.tableName(), userIds, userKey);
  return new Map([...items].map(([userId, item]) => [userId, profileOf(item)]));
}

function profileOf(item: Record<string, unknown>): UserProfile {
  const { pk: _pk, sk: _sk, ownerPk: _ownerPk, ownerSk: _ownerSk, ...profile } = item;
  return profile as unknown as UserProfile;
}

export interface UserDirectoryQuery {
  /** Usernames starting with this (lower case). */
  readonly usernamePrefix?: string | undefined;
  /** Only users holding this role. */
  readonly role?: Role | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * A page of the user directory in username order. A role filter is applied to the page
 * DynamoDB read (`limit` profiles), so a page may hold fewer than `limit` users while a
 * next cursor remains.
 */
export async function listUserProfiles(query: UserDirectoryQuery): Promise<{ users: UserProfile[]; nextCursor?: string }> {
  const startKey = query.cursor === undefined ? undefined : await decodeCursor(query.cursor, ['pk', 'sk', 'ownerPk', 'ownerSk'], (key) => key.ownerPk === directory);
  const prefix = query.usernamePrefix ? ' AND begins_with(ownerSk, :prefix)' : '';
  const page = await documents.send(
    new QueryCommand({
      TableName: config.tableName(),
      IndexName: 'byOwner',
      KeyConditionExpression: `ownerPk = :directory${prefix}`,
      ...(query.role ? { FilterExpression: 'contains(#roles, :role)', ExpressionAttributeNames: { '#roles': 'roles' } } : {}),
      ExpressionAttributeValues: { ':directory': directory, ...(query.usernamePrefix ? { ':prefix': query.usernamePrefix } : {}), ...(query.role ? { ':role': query.role } : {}) },
      Limit: query.limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return { users: (page.Items ?? []).map(profileOf), ...(page.LastEvaluatedKey ? { nextCursor: await encodeCursor(page.LastEvaluatedKey) } : {}) };
}

export async function getUserProfile(userId: string): Promise<UserProfile> {
  const profile = await findUserProfile(userId);
  if (!profile) throw new NotFoundError(`no user ${userId}`);
  return profile;
}

/**
 * Puts every profile written before the user directory existed into it (its ownerPk and
 * ownerSk); the twin runs it at start-up over its kept data. A Scan of the table, so a
 * one-off, never on a request. Returns how many profiles it added.
 */
export async function addProfilesMissingFromDirectory(): Promise<number> {
  let added = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: config.tableName(),
        FilterExpression: 'sk = :profile AND begins_with(pk, :user) AND attribute_not_exists(ownerPk)',
        ExpressionAttributeValues: { ':profile': 'PROFILE', ':user': 'USER#' },
        ProjectionExpression: 'pk, sk, username',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      try {
        await documents.send(
          new UpdateCommand({
            TableName: config.tableName(),
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET ownerPk = :directory, ownerSk = :username',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(ownerPk)',
            ExpressionAttributeValues: { ':directory': directory, ':username': item.username },
          }),
        );
        added += 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return added;
}
