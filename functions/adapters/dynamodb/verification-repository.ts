/**
 * Real-name verification in the platform table. The outcome is the profile's
 * `verification` attribute (USER#{userId} / PROFILE, a VerificationSummary with
 * masked values only). A verified identity adds two items in the same transaction:
 *
 * - USER#{userId} / PII: the claim sealed by the PII vault (an envelope, no plaintext),
 *   the blind index, the provider and its reference;
 * - IDENTITY#{blind index} / OWNER: {userId}, written only if absent, so one identity
 *   (an ID number, a credit code) backs one account only.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AlreadyVerifiedError, IdentityAlreadyClaimedError, NotFoundError } from '../../core/errors';
import { config } from '../../settings/settings';
import { documents, isConditionFailure } from './client';
import type { SealedEnvelope } from '../identity/pii-vault';
import type { VerifiedIdentity as GenericVerifiedIdentity } from '../../application/ports/origination-identity';
import { findUserProfile, userKey, type VerificationSummary } from './user-repository';

export const piiKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PII' });
export const identityKey = (blindIndex: string) => ({ pk: `IDENTITY#${blindIndex}`, sk: 'OWNER' });

/** A confirmed verification as recorded: the claim sealed in a vault envelope. */
export type VerifiedIdentity = GenericVerifiedIdentity<SealedEnvelope>;

/** The profile may take a new outcome unless it is already verified. */
const notYetVerified = 'attribute_exists(pk) AND (attribute_not_exists(verification) OR verification.#status <> :verified)';

export async function recordVerifiedIdentity(identity: VerifiedIdentity): Promise<void> {
  const tableName = config.tableName();
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: userKey(identity.userId),
              UpdateExpression: 'SET verification = :summary',
              ConditionExpression: notYetVerified,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':summary': identity.summary, ':verified': 'VERIFIED' },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...identityKey(identity.blindIndex), userId: identity.userId, kind: identity.summary.kind, claimedAt: identity.summary.verifiedAt },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...piiKey(identity.userId),
                kind: identity.summary.kind,
                identity: identity.sealedClaim,
                blindIndex: identity.blindIndex,
                provider: identity.provider,
                providerReference: identity.providerReference,
                ...(identity.faceMatchScore === undefined ? {} : { faceMatchScore: identity.faceMatchScore }),
                sealedAt: identity.summary.verifiedAt,
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    const reasons = (error as { name?: string; CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if ((error as Error).name !== 'TransactionCanceledException' || !reasons) throw error;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw await whyProfileRefused(identity.userId);
    if (reasons[1]?.Code === 'ConditionalCheckFailed') throw new IdentityAlreadyClaimedError();
    throw error;
  }
}

/** Records a provider's rejection on the profile (masked values and reason codes only). */
export async function recordRejectedVerification(userId: string, summary: VerificationSummary & { readonly status: 'REJECTED' }): Promise<void> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: userKey(userId),
        UpdateExpression: 'SET verification = :summary',
        ConditionExpression: notYetVerified,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':summary': summary, ':verified': 'VERIFIED' },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw await whyProfileRefused(userId);
    throw error;
  }
}

async function whyProfileRefused(userId: string): Promise<Error> {
  const profile = await findUserProfile(userId);
  return profile ? new AlreadyVerifiedError() : new NotFoundError('no profile for this user: register first');
}

