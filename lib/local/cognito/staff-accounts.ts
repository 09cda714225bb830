/**
 * The twin's staff accounts: one admin, one reviewer and one auditor, created at
 * start-up when missing, with local-only passwords (printed at start-up, listed in
 * docs/twin.md). Staff roles are never had by registration; on AWS the first admin is
 * made with the AWS CLI (admin-create-user, admin-add-user-to-group) and grants the
 * others through PUT /v1/admin/users/{userId}/roles.
 */
import type { Role } from '../../../functions/core/roles';
import type { RegisteredProfile } from '../../../functions/core/users';
import type { LocalUserPool } from './user-pool';

export const staffAccounts: ReadonlyArray<{ readonly username: string; readonly password: string; readonly role: Role }> = [
  { username: 'admin', password: 'Admin-local-2026!', role: 'admin' },
  { username: 'reviewer', password: 'Reviewer-local-2026!', role: 'reviewer' },
  { username: 'auditor', password: 'Auditor-local-2026!', role: 'auditor' },
];

export interface StaffProfiles {
  find(userId: string): Promise<unknown>;
  create(profile: RegisteredProfile): Promise<void>;
}

/**
 * Creates each missing staff account: the user, its group, its profile. An account
 * that exists is left as it is (an admin may have changed its roles), except that a
 * seeding interrupted before the profile is finished.
 */
export async function seedStaffAccounts(pool: LocalUserPool, profiles: StaffProfiles, at: Date): Promise<void> {
  await Promise.all(
    staffAccounts.map(async (account) => {
      let user = pool.find(account.username);
      if (!user) user = await pool.adminCreateUser(account.username, account.password);
      if (user.status !== 'CONFIRMED') await pool.adminSetUserPassword(account.username, account.password, true);
      if (await profiles.find(user.sub)) return;
      await pool.adminAddUserToGroup(account.username, account.role);
      await profiles.create({ userId: user.sub, username: account.username, roles: [account.role], createdAt: at.toISOString() });
    }),
  );
}
