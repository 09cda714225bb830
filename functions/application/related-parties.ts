/**
 * An admin marks a user as a related party of the platform (关联方: staff, shareholders,
 * affiliates and their relatives), or clears the mark (PUT /v1/admin/users/{userId}/related-party).
 * A related party may not borrow on the platform (self-financing, 自融; the check is in
 * core/loan-application.ts borrowerRefusals) and its earlier loans count as related-party
 * lending in the platform figures. The change is a profile write: the audit trail keeps
 * it with the admin as its actor (relatedParty and relatedPartyRole are audited fields).
 */
import { NotFoundError } from '../core/errors';
import type { RelatedPartyMark, UserProfile } from '../core/users';

export interface RelatedPartyPorts {
  readonly profiles: {
    find(userId: string): Promise<UserProfile | undefined>;
    /** Sets or clears the mark; NotFoundError when the profile does not exist. */
    setRelatedParty(userId: string, mark: RelatedPartyMark, at: Date): Promise<void>;
  };
}

export async function markRelatedParty(ports: RelatedPartyPorts, change: { readonly userId: string; readonly mark: RelatedPartyMark }, at: Date) {
  if (!(await ports.profiles.find(change.userId))) throw new NotFoundError(`no user ${change.userId}`);
  await ports.profiles.setRelatedParty(change.userId, change.mark, at);
  return { userId: change.userId, ...change.mark, changedAt: at.toISOString() };
}
