/** A user's sub-account at the custodian bank, as the transfer instructions name it. */
import type { MoneyProfile, UserProfiles } from './ports/user-profiles';

/** The user's custody sub-account id; a user who takes part in a transfer always has one (a bug otherwise). */
export async function subAccountOf(ports: { readonly profiles: UserProfiles }, userId: string): Promise<string> {
  return subAccountIn(await ports.profiles.findUserProfile(userId), userId);
}

/** The custody sub-account ids of several users (a loan's investors), read together, by user id. */
export async function subAccountsOf(ports: { readonly profiles: UserProfiles }, userIds: readonly string[]): Promise<Map<string, string>> {
  const profiles = await ports.profiles.findUserProfiles(userIds);
  return new Map(userIds.map((userId) => [userId, subAccountIn(profiles.get(userId), userId)]));
}

function subAccountIn(profile: MoneyProfile | undefined, userId: string): string {
  if (!profile?.custodyAccount) throw new Error(`user ${userId} has no custody sub-account`);
  return profile.custodyAccount.subAccountId;
}
