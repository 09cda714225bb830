/** POST /v1/auth/register (public): a borrower and/or investor account; retrying the same registration is safe. */
import type { z } from 'zod';
import { registerUser } from '../core/users';
import { now } from '../adapters/runtime/clock';
import { users } from '../composition/user-accounts';
import type { registrationRequest } from '../api/schemas/identity';
import { registerUserRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(registerUserRoute, async (request) => {
  const registration = request.body as z.infer<typeof registrationRequest>;
  const { userId } = await registerUser(users, registration, now());
  return { status: 201, body: { userId } };
});
