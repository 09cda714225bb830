/** A user's sub-account at the custodian bank, as the transfer instructions name it. */
import type { UserProfiles } from './ports/user-profiles';

/** The user's custody sub-account id; a user who takes part in a transfer always has one (a bug otherwise). */
export async function subAccountOf(ports: { readonly profiles: UserProfiles }, userId: string): Promise<string> {
  const profile = await ports.profiles.findUserProfile(userId);
  if (!profile?.custodyAccount) throw new Error(`user ${userId} has no custody sub-account`);
  return profile.custodyAccount.subAccountId;
}
