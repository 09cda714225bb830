/** GET /v1/admin/users (admin): the user directory in username order, by a username's start and/or a role; masked personal data only. */
import type { z } from 'zod';
import { listUserProfiles, type UserProfile } from '../composition/read-models';
import type { userListQuery } from '../api/schemas/identity';
import { listUsersRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

const summary = (user: UserProfile) => ({
  userId: user.userId,
  username: user.username,
  roles: [...user.roles],
  createdAt: user.createdAt,
  ...(user.verification ? { verification: { status: user.verification.status, kind: user.verification.kind, masked: { ...user.verification.masked } } } : {}),
  relatedParty: user.relatedParty === true,
  ...(user.relatedParty && user.relatedPartyRole ? { relatedPartyRole: user.relatedPartyRole } : {}),
});

export const handler = routeHandler(listUsersRoute, async (request) => {
  const query = request.query as z.infer<typeof userListQuery>;
  const page = await listUserProfiles({ usernamePrefix: query.username, role: query.role, limit: query.limit === undefined ? 20 : Number(query.limit), cursor: query.cursor });
  return {
    status: 200,
    body: { items: page.users.map(summary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});
