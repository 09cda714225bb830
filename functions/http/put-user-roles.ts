/** PUT /v1/admin/users/{userId}/roles (admin): sets a user's roles; effective from the user's next token. */
import type { z } from 'zod';
import { setUserRoles } from '../core/users';
import { now } from '../adapters/runtime/clock';
import { users } from '../composition/user-accounts';
import type { roleChangeRequest } from '../api/schemas/identity';
import { setUserRolesRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(setUserRolesRoute, async (request) => {
  const { roles } = request.body as z.infer<typeof roleChangeRequest>;
  const user = await setUserRoles(users, { by: { userId: request.caller!.userId }, userId: String(request.params.userId), roles }, now());
  return { status: 200, body: { userId: user.userId, username: user.username, roles: [...user.roles] } };
});
