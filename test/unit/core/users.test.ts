/**
 * Registration and role changes over in-memory ports that can be made to fail at any
 * step: a registration that fails after the identity provider accepted the user is
 * finished by the same request again, with one user and one profile.
 */
import { ConcurrentModificationError, NotFoundError } from '../../../functions/core/errors';
import {
  canonicalRoles,
  OwnAdminRoleError,
  registerUser,
  setUserRoles,
  UsernameTakenError,
  type IdentityDirectory,
  type ProfileStore,
  type RegisteredProfile,
  type UserPorts,
} from '../../../functions/core/users';
import type { Role } from '../../../functions/core/roles';

type Step = keyof IdentityDirectory | 'createProfile' | 'setProfileRoles';

/** An identity provider and a profile store in memory; `failOnce(step)` makes that step throw once. */
function fakes() {
  const users = new Map<string, { userId: string; password: string; permanent: boolean; groups: Role[] }>();
  const profiles = new Map<string, RegisteredProfile>();
  const failures = new Set<Step>();
  const calls: Step[] = [];
  let nextId = 1;
  const step = async (name: Step) => {
    calls.push(name);
    await new Promise((wake) => setImmediate(wake));
    if (failures.delete(name)) throw new Error(`${name} failed`);
  };
  const user = (username: string) => {
    const found = users.get(username);
    if (!found) throw new NotFoundError('no such user');
    return found;
  };
  const identity: IdentityDirectory = {
    async createUser(username, password) {
      await step('createUser');
      if (users.has(username)) throw new UsernameTakenError();
      const userId = `user-${nextId++}`;
      users.set(username, { userId, password, permanent: false, groups: [] });
      return { userId };
    },
    async makePasswordPermanent(username, password) {
      await step('makePasswordPermanent');
      Object.assign(user(username), { password, permanent: true });
    },
    async checkPassword(username, password) {
      await step('checkPassword');
      const found = users.get(username);
      if (!found || found.password !== password) return 'invalid';
      return found.permanent ? 'valid' : 'temporary';
    },
    async userIdOf(username) {
      await step('userIdOf');
      return user(username).userId;
    },
    async groupsOf(username) {
      await step('groupsOf');
      return [...user(username).groups];
    },
    async addToGroup(username, role) {
      await step('addToGroup');
      const found = user(username);
      if (!found.groups.includes(role)) found.groups.push(role);
    },
    async removeFromGroup(username, role) {
      await step('removeFromGroup');
      const found = user(username);
      found.groups = found.groups.filter((group) => group !== role);
    },
  };
  const store: ProfileStore = {
    async find(userId) {
      return profiles.get(userId);
    },
    async create(profile) {
      await step('createProfile');
      if (profiles.has(profile.userId)) throw new ConcurrentModificationError();
      profiles.set(profile.userId, profile);
    },
    async setRoles(userId, roles) {
      await step('setProfileRoles');
      const profile = profiles.get(userId);
      if (!profile) throw new NotFoundError('no profile');
      profiles.set(userId, { ...profile, roles });
    },
  };
  const ports: UserPorts = { identity, profiles: store };
  return { ports, users, profiles, calls, failOnce: (name: Step) => failures.add(name) };
}

const at = new Date('2026-11-25T00:00:00Z');
const alice = { username: 'alice', password: 'Correct-horse-9!', roles: ['investor', 'borrower'] as const };

test('a registration creates the user with a permanent password, its groups and its profile', async () => {
  const { ports, users, profiles } = fakes();
  const result = await registerUser(ports, { ...alice, roles: [...alice.roles] }, at);
  expect(result).toEqual({ userId: 'user-1', created: true });
  expect(users.get('alice')).toEqual({ userId: 'user-1', password: alice.password, permanent: true, groups: ['borrower', 'investor'] });
  expect(profiles.get('user-1')).toEqual({ userId: 'user-1', username: 'alice', roles: ['borrower', 'investor'], createdAt: at.toISOString() });
});

test('the same registration again answers with the same userId and changes nothing', async () => {
  const { ports, users, profiles } = fakes();
  const first = await registerUser(ports, { ...alice, roles: [...alice.roles] }, at);
  const again = await registerUser(ports, { ...alice, roles: ['borrower', 'investor'] }, new Date('2026-11-26T00:00:00Z'));
  expect(again).toEqual({ userId: first.userId, created: false });
  expect(users.size).toBe(1);
  expect(profiles.get(first.userId)?.createdAt).toBe(at.toISOString());
});

test('another password for a taken username is a conflict, and changes nothing', async () => {
  const { ports, users, profiles } = fakes();
  await registerUser(ports, { ...alice, roles: ['borrower'] }, at);
  await expect(registerUser(ports, { ...alice, password: 'Another-horse-9!', roles: ['borrower'] }, at)).rejects.toBeInstanceOf(UsernameTakenError);
  expect(users.get('alice')?.password).toBe(alice.password);
  expect([...profiles.values()]).toHaveLength(1);
});

test('the same credentials with other roles after a finished registration are a conflict', async () => {
  const { ports } = fakes();
  await registerUser(ports, { ...alice, roles: ['borrower'] }, at);
  await expect(registerUser(ports, { ...alice, roles: ['investor'] }, at)).rejects.toBeInstanceOf(UsernameTakenError);
});

test.each<Step>(['makePasswordPermanent', 'addToGroup', 'createProfile'])(
  'a registration that fails at %s, after the provider accepted the user, is finished by the same request again',
  async (failing) => {
    const { ports, users, profiles, failOnce } = fakes();
    failOnce(failing);
    await expect(registerUser(ports, { ...alice, roles: ['borrower'] }, at)).rejects.toThrow(`${failing} failed`);
    expect(users.has('alice')).toBe(true);
    expect(profiles.size).toBe(0);

    const retried = await registerUser(ports, { ...alice, roles: ['borrower'] }, at);
    expect(retried).toEqual({ userId: 'user-1', created: true });
    expect(users.get('alice')).toMatchObject({ permanent: true, groups: ['borrower'] });
    expect([...profiles.values()]).toEqual([{ userId: 'user-1', username: 'alice', roles: ['borrower'], createdAt: at.toISOString() }]);
    // And once more: the finished registration.
    expect(await registerUser(ports, { ...alice, roles: ['borrower'] }, at)).toEqual({ userId: 'user-1', created: false });
  },
);

test('a stranger cannot finish someone else’s unfinished registration', async () => {
  const { ports, profiles, failOnce } = fakes();
  failOnce('createProfile');
  await expect(registerUser(ports, { ...alice, roles: ['borrower'] }, at)).rejects.toThrow();
  await expect(registerUser(ports, { ...alice, password: 'Stranger-pass-9!', roles: ['investor'] }, at)).rejects.toBeInstanceOf(UsernameTakenError);
  expect(profiles.size).toBe(0);
});

test('a resumed registration records the groups the user has, including an earlier attempt’s', async () => {
  const { ports, profiles, failOnce } = fakes();
  failOnce('createProfile');
  await expect(registerUser(ports, { ...alice, roles: ['investor'] }, at)).rejects.toThrow();
  await registerUser(ports, { ...alice, roles: ['borrower'] }, at);
  expect(profiles.get('user-1')?.roles).toEqual(['borrower', 'investor']);
});

test('the same registration sent twice at once: both get the one userId, one profile', async () => {
  const { ports, users, profiles } = fakes();
  const results = await Promise.all([registerUser(ports, { ...alice, roles: ['borrower'] }, at), registerUser(ports, { ...alice, roles: ['borrower'] }, at)]);
  expect(new Set(results.map((result) => result.userId))).toEqual(new Set(['user-1']));
  expect(results.filter((result) => result.created)).toHaveLength(1);
  expect(users.size).toBe(1);
  expect(profiles.size).toBe(1);
});

describe('role changes', () => {
  async function registered() {
    const world = fakes();
    const { userId } = await registerUser(world.ports, { ...alice, roles: ['borrower'] }, at);
    return { ...world, userId };
  }

  test('grant the missing roles and revoke the others, in the provider and in the profile', async () => {
    const { ports, users, profiles, userId } = await registered();
    const changed = await setUserRoles(ports, { by: { userId: 'admin-1' }, userId, roles: ['reviewer', 'investor'] }, at);
    expect(changed.roles).toEqual(['investor', 'reviewer']);
    expect([...(users.get('alice')?.groups ?? [])].sort()).toEqual(['investor', 'reviewer']);
    expect(profiles.get(userId)?.roles).toEqual(['investor', 'reviewer']);
  });

  test('setting the roles a user has changes no group, and is safe to repeat after a failure', async () => {
    const { ports, calls, profiles, userId, failOnce } = await registered();
    failOnce('setProfileRoles');
    await expect(setUserRoles(ports, { by: { userId: 'admin-1' }, userId, roles: ['auditor'] }, at)).rejects.toThrow();
    await setUserRoles(ports, { by: { userId: 'admin-1' }, userId, roles: ['auditor'] }, at);
    expect(profiles.get(userId)?.roles).toEqual(['auditor']);
    calls.length = 0;
    await setUserRoles(ports, { by: { userId: 'admin-1' }, userId, roles: ['auditor'] }, at);
    expect(calls).toEqual(['groupsOf', 'setProfileRoles']);
  });

  test('an admin cannot revoke their own admin role; an unknown user is not found', async () => {
    const { ports, userId } = await registered();
    await expect(setUserRoles(ports, { by: { userId }, userId, roles: ['borrower'] }, at)).rejects.toBeInstanceOf(OwnAdminRoleError);
    await expect(setUserRoles(ports, { by: { userId: 'admin-1' }, userId: 'nobody', roles: ['borrower'] }, at)).rejects.toBeInstanceOf(NotFoundError);
  });
});

test('roles are kept without duplicates, in the manifest’s order', () => {
  expect(canonicalRoles(['admin', 'borrower', 'admin', 'investor'])).toEqual(['borrower', 'investor', 'admin']);
});
